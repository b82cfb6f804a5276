package io.seqbind.core.io;

/**
 * A peak whose window would run off its chromosome and was therefore left out (never clipped: a clipped
 * window would have another width, or another centre). Callers print {@link #message()} so users see what
 * was dropped and why.
 *
 * @param file         the peaks file
 * @param line         1-based line of the peak
 * @param interval     the peak as {@code contig:start-end} (0-based half-open)
 * @param windowStart  0-based start of the window that was wanted (may be negative)
 * @param windowEnd    0-based exclusive end of the window that was wanted
 * @param contigLength length of the contig in the reference
 */
public record SkippedWindow(String file, long line, String interval, long windowStart, long windowEnd,
    long contigLength) {

  /** A line for the user, e.g. {@code peaks.bed:7: skipped chr1:10-30: window 0-based -30..70 runs off ...}. */
  public String message() {
    String contig = interval.substring(0, interval.lastIndexOf(':'));
    return file + ":" + line + ": skipped " + interval + ": its " + (windowEnd - windowStart)
        + "-bp window " + windowStart + "-" + windowEnd + " runs off " + contig + " (length " + contigLength + ")";
  }
}
