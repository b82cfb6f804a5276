package io.seqbind.core.simulate;

/**
 * A stretch of a synthetic contig, BED-style: 0-based start, exclusive end.
 *
 * @param contig the contig's name
 * @param start  0-based first base
 * @param end    one past the last base
 */
public record GenomicInterval(String contig, int start, int end) {

  public GenomicInterval {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("bad interval " + contig + ":" + start + "-" + end);
    }
  }

  public int length() {
    return end - start;
  }

  /** The {@code length} bases centred on this interval's middle (left of centre when the parity differs). */
  public GenomicInterval centredWindow(int length) {
    int middle = start + length() / 2;
    int from = middle - length / 2;
    return new GenomicInterval(contig, from, from + length);
  }

  public boolean contains(String otherContig, int position) {
    return contig.equals(otherContig) && position >= start && position < end;
  }
}
