package io.seqbind.core.io;

/**
 * One interval of a BED or narrowPeak file, in BED's 0-based half-open coordinates.
 *
 * @param line         1-based line it was read from, for messages
 * @param contig       chromosome name (column 1)
 * @param start        chromStart, 0-based inclusive
 * @param end          chromEnd, 0-based exclusive
 * @param summitOffset narrowPeak column 10: the summit's 0-based offset from {@code start}; -1 if none
 */
public record BedInterval(long line, String contig, long start, long end, long summitOffset) {

  /** The 0-based position a window is centred on: the summit if known, else the midpoint (rounded down). */
  public long centre() {
    return summitOffset >= 0 ? start + summitOffset : start + (end - start) / 2;
  }

  /** {@code contig:start-end}, 0-based half-open like the file. */
  public String label() {
    return contig + ":" + start + "-" + end;
  }
}
