package io.seqbind.trainer.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a training set is read from, as {@code seqbind train} takes it: a DeepBind {@code .seq[.gz]}
 * table; a FASTA with a labels table (or alone, as positives); or BED/narrowPeak peaks over an indexed
 * genome FASTA, cut into fixed-width windows.
 *
 * @param input     the .seq table, FASTA or BED/narrowPeak file
 * @param labels    labels table for FASTA input, else null
 * @param genome    indexed reference FASTA for BED input, else null
 * @param window    window width in bases for BED input
 * @param negatives how binary negatives are made
 * @param seed      seed of the shuffles
 */
public record DataSource(Path input, Path labels, Path genome, int window, Negatives negatives, long seed) {

  /** DeepBind's ChIP-seq windows are 101 bp. */
  public static final int DEFAULT_WINDOW = 101;

  public DataSource {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(negatives, "negatives");
    if (window < 1) {
      throw new IllegalArgumentException("--window must be at least 1, got " + window);
    }
  }

  public static DataSource of(Path input) {
    return new DataSource(input, null, null, DEFAULT_WINDOW, Negatives.AUTO, 1);
  }

  /** The input's format, from its name. */
  public Format format() {
    String name = input.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    if (name.endsWith(".seq") || name.endsWith(".seq.gz")) {
      return Format.SEQ_TABLE;
    }
    if (name.matches(".*\\.(bed|narrowpeak)(\\.gz)?$")) {
      return Format.PEAKS;
    }
    return Format.FASTA;
  }

  /** The input formats. */
  public enum Format {
    SEQ_TABLE, FASTA, PEAKS
  }
}
