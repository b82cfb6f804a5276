package io.seqbind.core.io;

import io.seqbind.core.seq.Bases;
import io.seqbind.core.seq.LabeledSequence;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts fixed-width sequence windows around peaks, the first step from ChIP-seq peaks to a training set.
 * Each interval's window is centred on its summit (narrowPeak column 10) or, without one, its midpoint
 * (rounded down): the window is {@code [centre - width/2, centre - width/2 + width)}, so the centre base
 * sits at 0-based offset {@code width/2} of the window.
 *
 * <p>A window that would run off its chromosome is left out and reported in {@link WindowSet#skipped()},
 * never clipped. An interval on a contig the reference lacks, or extending past the contig's end, is an
 * {@link InputFormatException}: it means the peaks and the genome do not belong together.
 *
 * <p>Window ids are {@code contig:start-end} of the window, 0-based half-open (BED convention, not the
 * 1-based samtools region convention); sequences are upper case.
 */
public final class PeakWindows {

  private static final int SHOWN_CONTIGS = 5;

  private final ReferenceGenome reference;
  private final int width;
  private final double label;

  /**
   * @param reference the genome the peaks were called on
   * @param width     window width in bases, at least 1
   * @param label     the label of every window (1 for bound peaks)
   */
  public PeakWindows(ReferenceGenome reference, int width, double label) {
    if (width < 1) {
      throw new IllegalArgumentException("window width " + width + ", expected at least 1");
    }
    this.reference = reference;
    this.width = width;
    this.label = label;
  }

  /** Windows labelled 1. */
  public PeakWindows(ReferenceGenome reference, int width) {
    this(reference, width, 1.0);
  }

  /** Reads {@code peaks} in the format its name implies and cuts a window per interval. */
  public WindowSet extract(Path peaks) {
    return extract(peaks, IntervalFormat.fromFileName(peaks));
  }

  public WindowSet extract(Path peaks, IntervalFormat format) {
    List<LabeledSequence> windows = new ArrayList<>();
    List<SkippedWindow> skipped = new ArrayList<>();
    try (BedReader reader = BedReader.open(peaks, format)) {
      while (reader.hasNext()) {
        BedInterval interval = reader.next();
        long contigLength = checkAgainstReference(reader.file(), interval);
        long start = interval.centre() - width / 2;
        long end = start + width;
        if (start < 0 || end > contigLength) {
          skipped.add(new SkippedWindow(reader.file(), interval.line(), interval.label(), start, end, contigLength));
          continue;
        }
        windows.add(window(interval.contig(), start, end));
      }
    }
    return new WindowSet(windows, skipped);
  }

  private long checkAgainstReference(String file, BedInterval interval) {
    long length = reference.contigLength(interval.contig());
    if (length < 0) {
      List<String> names = reference.contigNames();
      throw new InputFormatException(file, interval.line(),
          "contig " + Quoted.token(interval.contig()) + " is not in the reference " + reference.file(),
          "one of " + Quoted.firstFew(names, SHOWN_CONTIGS) + " (" + names.size() + " contig"
              + (names.size() == 1 ? "" : "s") + ")");
    }
    if (interval.end() > length) {
      throw new InputFormatException(file, interval.line(),
          "interval " + Quoted.bare(interval.contig()) + ":" + interval.start() + "-" + interval.end()
              + " ends beyond contig " + Quoted.bare(interval.contig()) + " (length " + length
              + ") of the reference " + reference.file(),
          "coordinates within the reference (peaks called on another genome build?)");
    }
    return length;
  }

  private LabeledSequence window(String contig, long start, long end) {
    String id = contig + ":" + start + "-" + end;
    String seq = reference.fetch(contig, start, end);
    int bad = Bases.firstInvalid(seq);
    if (bad >= 0) {
      throw new InputFormatException(reference.file(), 0, "unexpected character "
          + Bases.describe(seq.charAt(bad)) + " at position " + (bad + 1) + " of window " + id, Bases.EXPECTED);
    }
    return LabeledSequence.of(id, seq, label);
  }
}
