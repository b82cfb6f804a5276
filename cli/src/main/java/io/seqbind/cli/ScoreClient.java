package io.seqbind.cli;

import io.seqbind.proto.v1.Alphabet;
import io.seqbind.proto.v1.ItemError;
import io.seqbind.proto.v1.ModelRef;
import io.seqbind.proto.v1.ScoreOptions;
import io.seqbind.proto.v1.ScoreRequest;
import io.seqbind.proto.v1.ScoreResponse;
import io.seqbind.proto.v1.ScorerServiceGrpc.ScorerServiceBlockingStub;
import io.seqbind.proto.v1.Sequence;
import io.seqbind.proto.v1.SequenceBatch;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Scores a stream of sequences through the ScorerService in requests of {@link #CHUNK} sequences, handing
 * each answer on in input order, so memory stays bounded by one chunk whatever the input's size. A sequence
 * the scorer refuses ends the run with its position in the whole input, not in its chunk.
 */
final class ScoreClient {

  /** Sequences per request: large enough to keep the scorer's batches full, far below its request limit. */
  static final int CHUNK = 4096;

  /** Receives each chunk's sequences and their scores. */
  interface ChunkConsumer {
    void accept(List<Sequence> sequences, ScoreResponse scores) throws IOException;
  }

  private final ScorerServiceBlockingStub scorer;
  private final List<ModelRef> models;
  private final ScoreOptions options;

  ScoreClient(ScorerServiceBlockingStub scorer, List<ModelRef> models, boolean bothStrands) {
    this.scorer = scorer;
    this.models = models;
    this.options = ScoreOptions.newBuilder().setBothStrands(bothStrands).build();
  }

  /** @param source names the input in error messages */
  void scoreAll(Iterator<Sequence> sequences, String source, ChunkConsumer consumer) throws IOException {
    long first = 0;
    while (sequences.hasNext()) {
      List<Sequence> chunk = new ArrayList<>(CHUNK);
      while (sequences.hasNext() && chunk.size() < CHUNK) {
        chunk.add(sequences.next());
      }
      ScoreResponse response = scorer.score(ScoreRequest.newBuilder().addAllModels(models).setOptions(options)
          .setBatch(SequenceBatch.newBuilder().setAlphabet(Alphabet.ALPHABET_DNA).addAllSequences(chunk)).build());
      if (response.getErrorsCount() > 0) {
        ItemError e = response.getErrors(0);
        // The scorer's message names the index within this request; say where it is in the whole input.
        String message = e.getMessage().replaceFirst("^sequence at index \\d+( \\('[^']*'\\))?: ", "");
        throw new IllegalArgumentException(source + ": sequence " + (first + e.getIndex() + 1) + " ('"
            + chunk.get((int) e.getIndex()).getId() + "'): " + message
            + (response.getErrorsCount() > 1 ? " (and " + (response.getErrorsCount() - 1) + " more in this chunk)" : ""));
      }
      consumer.accept(chunk, response);
      first += chunk.size();
    }
  }
}
