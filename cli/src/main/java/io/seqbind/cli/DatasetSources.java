package io.seqbind.cli;

import com.google.protobuf.Int32Value;
import io.seqbind.proto.v1.DatasetFormat;
import io.seqbind.proto.v1.DatasetSource;
import io.seqbind.trainer.data.DataSource;
import java.nio.file.Path;

/** The contract's DatasetSource for files named on the command line (absolute paths; format from the name). */
final class DatasetSources {

  private DatasetSources() {}

  static DatasetSource of(Path input, Path labels, Path genome, Integer window) {
    DataSource.Format format = DataSource.of(input).format();
    DatasetSource.Builder s = DatasetSource.newBuilder().setUri(input.toAbsolutePath().toString())
        .setFormat(switch (format) {
          case SEQ_TABLE -> DatasetFormat.DATASET_FORMAT_DEEPBIND_SEQ;
          case FASTA -> DatasetFormat.DATASET_FORMAT_FASTA_LABELS;
          case PEAKS -> DatasetFormat.DATASET_FORMAT_BED_GENOME;
        });
    if (labels != null) {
      s.setLabelsUri(labels.toAbsolutePath().toString());
    }
    if (format == DataSource.Format.PEAKS) {
      if (genome == null) {
        throw new IllegalArgumentException(input + " is a peak file: --genome FASTA (indexed) is required");
      }
      s.setGenomeUri(genome.toAbsolutePath().toString());
    }
    if (window != null) {
      s.setWindowLength(Int32Value.of(window));
    }
    return s.build();
  }
}
