package io.seqbind.core.simulate;

/**
 * One synthetic ChIP-seq peak, with the ten fields of an ENCODE narrowPeak line plus the motif whose
 * cluster it was made around.
 *
 * @param contig       chrom
 * @param start        chromStart, 0-based
 * @param end          chromEnd, exclusive
 * @param name         e.g. {@code peak_0001}, numbered in genome order
 * @param score        0..1000, for browsers' shading
 * @param signalValue  enrichment, grows with the number and strength of planted sites
 * @param pValue       -log10 p-value
 * @param qValue       -log10 q-value
 * @param summitOffset summit position relative to {@code start}
 * @param motif        the motif planted here
 */
public record Peak(
    String contig,
    int start,
    int end,
    String name,
    int score,
    double signalValue,
    double pValue,
    double qValue,
    int summitOffset,
    String motif) {

  /** 0-based position of the summit on the contig. */
  public int summit() {
    return start + summitOffset;
  }

  /** The {@code length} bases centred on the summit: a DeepBind-style positive (101 bp in ENCODE sets). */
  public GenomicInterval summitWindow(int length) {
    int from = summit() - length / 2;
    return new GenomicInterval(contig, from, from + length);
  }
}
