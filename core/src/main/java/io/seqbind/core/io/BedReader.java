package io.seqbind.core.io;

import java.nio.file.Path;

/**
 * Streams the intervals of a BED or ENCODE narrowPeak file (plain or gzip), skipping blank, {@code #},
 * {@code track} and {@code browser} lines. Columns are tab-separated; a file with no tabs on a line is split
 * on runs of spaces, since hand-made BED files often use them.
 *
 * <p>Errors ({@link InputFormatException}): too few columns (3 for BED, 10 for narrowPeak), coordinates
 * that are not non-negative integers, start greater than end, a summit offset that is not an integer or
 * lies outside the peak. Checking intervals against a reference is {@link PeakWindows}' job.
 */
public final class BedReader extends RecordReader<BedInterval> {

  private final IntervalFormat format;

  private BedReader(LineSource source, IntervalFormat format) {
    super(source);
    this.format = format;
  }

  /** Opens {@code path} in the format its name implies (see {@link IntervalFormat#fromFileName}). */
  public static BedReader open(Path path) {
    return open(path, IntervalFormat.fromFileName(path));
  }

  public static BedReader open(Path path, IntervalFormat format) {
    return new BedReader(LineSource.open(path), format);
  }

  public IntervalFormat format() {
    return format;
  }

  @Override
  protected BedInterval readNext() {
    String line;
    while ((line = source.next()) != null) {
      String s = line.strip();
      if (s.isEmpty() || s.startsWith("#") || s.startsWith("track") || s.startsWith("browser")) {
        continue;
      }
      recordStartsAt(source.lineNumber());
      return parse(s);
    }
    return null;
  }

  private BedInterval parse(String line) {
    String[] f = line.indexOf('\t') >= 0 ? Fields.tabs(line) : line.split(" +");
    if (format == IntervalFormat.NARROW_PEAK && f.length < 10) {
      throw source.error("found " + f.length + " columns in a narrowPeak file",
          "10 (column 10 is the summit offset; name the file .bed to read it as BED)");
    }
    if (f.length < 3) {
      throw source.error("found " + f.length + " column" + (f.length == 1 ? "" : "s"),
          "at least 3 tab-separated columns: chrom, chromStart, chromEnd");
    }
    long start = coordinate(f[1], "chromStart");
    long end = coordinate(f[2], "chromEnd");
    if (start > end) {
      throw source.error("chromStart " + start + " is greater than chromEnd " + end,
          "chromStart <= chromEnd (BED is 0-based, half-open)");
    }
    long summit = -1;
    if (format == IntervalFormat.NARROW_PEAK) {
      summit = summit(f[9], f[0], start, end);
    }
    return new BedInterval(source.lineNumber(), f[0], start, end, summit);
  }

  private long coordinate(String s, String column) {
    try {
      long v = Long.parseLong(s);
      if (v >= 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw source.error(column + " " + Quoted.token(s) + " is not a non-negative integer", "a 0-based integer coordinate");
  }

  private long summit(String s, String contig, long start, long end) {
    long v;
    try {
      v = Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw source.error("summit offset " + Quoted.token(s) + " in column 10 is not an integer",
          "-1 or an offset from chromStart");
    }
    if (v < -1 || (v >= 0 && v >= end - start)) {
      throw source.error("summit offset " + v + " is outside the peak " + Quoted.bare(contig) + ":" + start + "-" + end
          + " (length " + (end - start) + ")",
          "-1 or an offset from 0 to " + (end - start - 1));
    }
    return v;
  }
}
