package io.seqbind.core.simulate;

/**
 * A motif site planted in the synthetic genome: the truth behind a peak and behind a variant's effect.
 *
 * @param contig the contig's name
 * @param start  0-based first base
 * @param motif  the motif's name
 * @param strand PLUS when the bases read as the motif, MINUS when their reverse complement does
 * @param bases  the site as it reads on the contig's forward strand
 * @param peak   the name of the peak whose cluster it belongs to
 */
public record GenomicSite(String contig, int start, String motif, Strand strand, String bases, String peak) {

  /** One past the last base. */
  public int end() {
    return start + bases.length();
  }

  /** The site read on the motif's own strand. */
  public String motifOrientedBases() {
    return strand == Strand.PLUS ? bases : Bases.reverseComplement(bases);
  }

  public boolean contains(String otherContig, int position) {
    return contig.equals(otherContig) && position >= start && position < end();
  }
}
