package io.seqbind.core.simulate;

import java.util.List;

/**
 * A variant of the synthetic genome, in VCF terms, with the truth about it.
 *
 * @param contig        CHROM
 * @param position      POS, 1-based; for an indel the anchor base before the event, as VCF wants
 * @param id            ID
 * @param ref           REF, equal to the genome at POS
 * @param alts          ALT alleles (two for the multi-allelic record)
 * @param motif         the motif whose planted site the variant hits, or null for a background variant
 * @param motifPosition 1-based position within the motif (read on the motif's strand), 0 when background
 * @param site          the planted site hit, or null
 */
public record SimulatedVariant(
    String contig, int position, String id, String ref, List<String> alts, String motif, int motifPosition,
    GenomicSite site) {

  public SimulatedVariant {
    alts = List.copyOf(alts);
  }

  public boolean inMotif() {
    return motif != null;
  }

  /** True for an insertion or deletion (any allele length differing from REF). */
  public boolean isIndel() {
    return alts.stream().anyMatch(a -> a.length() != ref.length());
  }

  /** 1-based position of the last REF base. */
  public int end() {
    return position + ref.length() - 1;
  }
}
