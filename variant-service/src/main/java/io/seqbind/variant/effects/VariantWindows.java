package io.seqbind.variant.effects;

import io.seqbind.core.io.ReferenceGenome;

/**
 * Cuts the windows a model scores for one allele. The reference window is {@code L} reference bases with
 * the REF allele in the middle: it starts {@code (L - |REF|) / 2} bases (rounded down) before the first
 * REF base, so for an SNV and odd L the variant sits exactly at the centre. The alternate window keeps the
 * same left flank, puts ALT where REF was, and fills the rest with the reference bases that follow REF, so
 * it is also L long: for an indel the right flank shifts (variant.proto, VariantScoringOptions), which
 * keeps the anchored VCF base and everything before it aligned between the two windows. An insertion whose ALT
 * does not fit after that left flank has no windows (ALLELE_TOO_LONG), like an allele longer than L.
 *
 * <p>This is a pure function of the genome and the allele; what to do when a window cannot be cut is
 * reported as a {@link WindowProblem} rather than an exception, because one bad record must not stop a
 * genome-scale run.
 */
public final class VariantWindows {

  private VariantWindows() {}

  /** Why an allele has no windows. */
  public enum WindowProblem { OFF_CONTIG, ALLELE_TOO_LONG }

  /** Windows or the reason there are none. */
  public record Cut(Windows windows, WindowProblem problem, String message) {}

  /**
   * @param pos        1-based position of the first REF base
   * @param refAllele  the REF bases to put in the reference window (the genome's, or the record's under WARN)
   * @param refLength  |REF| in the genome (how many genome bases the allele replaces)
   */
  public static Cut cut(ReferenceGenome genome, String chrom, long pos, String refAllele, int refLength,
      String alt, int length) {
    return cut(new ReferenceBlocks(genome), chrom, pos, refAllele, refLength, alt, length);
  }

  /** As above, reading through {@code genome}'s last block (the effects loop cuts many windows close together). */
  static Cut cut(ReferenceBlocks genome, String chrom, long pos, String refAllele, int refLength, String alt,
      int length) {
    if (refLength > length || alt.length() > length) {
      return new Cut(null, WindowProblem.ALLELE_TOO_LONG, "allele of " + Math.max(refLength, alt.length())
          + " bases does not fit in the " + length + "-base window");
    }
    long p0 = pos - 1;
    int left = (length - refLength) / 2;
    if (left + alt.length() > length) {
      // The alt window keeps the reference window's left flank (so the two stay aligned up to the allele);
      // cutting ALT short instead would score a different allele.
      return new Cut(null, WindowProblem.ALLELE_TOO_LONG, "ALT of " + alt.length() + " bases after the " + left
          + "-base left flank does not fit in the " + length + "-base window (at most " + (length - left)
          + " ALT bases fit)");
    }
    long start = p0 - left;
    long refEnd = start + length;
    // The alt window takes `length - left - |ALT|` reference bases after REF.
    int altRight = length - left - alt.length();
    long altEnd = p0 + refLength + altRight;
    long contigLength = genome.contigLength(chrom);
    long needEnd = Math.max(refEnd, altEnd);
    if (start < 0 || needEnd > contigLength) {
      return new Cut(null, WindowProblem.OFF_CONTIG, "the " + length + "-base window " + chrom + ":" + (start + 1)
          + "-" + needEnd + " runs off the contig (length " + contigLength + ")");
    }
    // One read for both windows: the left flank, the genome's REF (replaced below) and what follows it.
    String span = genome.fetch(chrom, start, needEnd);
    String leftFlank = span.substring(0, left);
    int afterRef = left + refLength;
    String ref = leftFlank + refAllele + span.substring(afterRef, afterRef + (int) (refEnd - p0 - refLength));
    String altWindow = leftFlank + alt + span.substring(afterRef, afterRef + altRight);
    return new Cut(new Windows(ref, altWindow, left), null, null);
  }
}
