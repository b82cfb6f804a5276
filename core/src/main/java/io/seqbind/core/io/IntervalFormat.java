package io.seqbind.core.io;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Which interval format a peaks file is in. It matters for column 10: in ENCODE narrowPeak it is the summit
 * offset, in BED12 it is the block count, so the format cannot be guessed from the column count alone.
 */
public enum IntervalFormat {
  /** BED3 or longer; windows are centred on the interval's midpoint. */
  BED,
  /** ENCODE narrowPeak (10 columns); windows are centred on the summit (column 10), or the midpoint if -1. */
  NARROW_PEAK;

  /** NARROW_PEAK for names ending in {@code .narrowPeak} (optionally {@code .gz}), any case; else BED. */
  public static IntervalFormat fromFileName(Path path) {
    String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".gz")) {
      name = name.substring(0, name.length() - 3);
    }
    return name.endsWith(".narrowpeak") ? NARROW_PEAK : BED;
  }
}
