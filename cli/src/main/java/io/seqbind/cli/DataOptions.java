package io.seqbind.cli;

import io.seqbind.trainer.data.DataSource;
import io.seqbind.trainer.data.Negatives;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The data-set options that train and evaluate share (picocli mixin). */
final class DataOptions {

  @Option(names = "--input", required = true,
      description = ".seq[.gz] table, FASTA (with --labels, or alone as positives) or BED/narrowPeak (with --genome).")
  Path input;

  @Option(names = "--labels", description = "Labels table (id + one column per task) for FASTA input.")
  Path labels;

  @Option(names = "--genome", description = "Indexed reference FASTA (.fai beside it) for peak input.")
  Path genome;

  @Option(names = "--negatives", defaultValue = "auto",
      description = "auto (dinucleotide shuffles for positives-only data), shuffle or none (default: ${DEFAULT-VALUE}).")
  Negatives negatives;

  @Option(names = "--seed", defaultValue = "1",
      description = "Random seed of shuffles, splits and training (default: ${DEFAULT-VALUE}).")
  long seed;

  DataSource source(int window) {
    return new DataSource(input, labels, genome, window, negatives, seed);
  }
}
