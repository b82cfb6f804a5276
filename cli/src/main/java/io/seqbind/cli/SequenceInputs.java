package io.seqbind.cli;

import io.seqbind.core.io.FastaReader;
import io.seqbind.core.io.SeqTableReader;
import io.seqbind.core.io.SeqTableRecord;
import io.seqbind.core.seq.LabeledSequence;
import io.seqbind.trainer.data.DataSource;
import java.nio.file.Path;
import java.util.Iterator;

/** Sequences to score, streamed from a FASTA or a DeepBind .seq[.gz] table (format from the file name). */
final class SequenceInputs {

  private SequenceInputs() {}

  /** An open stream of the file's sequences; close it when done. */
  static Stream open(Path file) {
    return switch (DataSource.of(file).format()) {
      case SEQ_TABLE -> {
        SeqTableReader reader = SeqTableReader.open(file);
        yield new Stream(map(reader, SeqTableRecord::sequence), reader);
      }
      case FASTA -> {
        FastaReader reader = FastaReader.open(file);
        // No labels: a LabeledSequence is the readers' (id, bases) pair, cheaper than a protobuf message per record.
        yield new Stream(map(reader, r -> new LabeledSequence(r.name(), r.sequence(), null)), reader);
      }
      case PEAKS -> throw new IllegalArgumentException(file + " is a peak file; score FASTA or .seq[.gz] sequences");
    };
  }

  /** Sequences and the reader to close. */
  record Stream(Iterator<LabeledSequence> sequences, AutoCloseable reader) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      reader.close();
    }
  }

  private static <T> Iterator<LabeledSequence> map(Iterator<T> in,
      java.util.function.Function<T, LabeledSequence> f) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return in.hasNext();
      }

      @Override
      public LabeledSequence next() {
        return f.apply(in.next());
      }
    };
  }
}
