package io.seqbind.cli;

import com.google.common.util.concurrent.ListenableFuture;
import io.seqbind.core.seq.LabeledSequence;
import io.seqbind.core.seq.PackedSequencesBuilder;
import io.seqbind.proto.v1.Alphabet;
import io.seqbind.proto.v1.ItemError;
import io.seqbind.proto.v1.ModelRef;
import io.seqbind.proto.v1.ScoreOptions;
import io.seqbind.proto.v1.ScoreRequest;
import io.seqbind.proto.v1.ScoreResponse;
import io.seqbind.proto.v1.ScorerServiceGrpc.ScorerServiceFutureStub;
import io.seqbind.proto.v1.SequenceBatch;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * Scores a stream of sequences through the ScorerService in requests of {@link #CHUNK} sequences, handing
 * each answer on in input order, so memory stays bounded by {@link #WINDOW} chunks whatever the input's size.
 * A sequence the scorer refuses ends the run with its position in the whole input, not in its chunk. Requests
 * carry the sequences packed (one byte array each), the cheaper form when the scorer is remote.
 *
 * <p>Up to {@link #WINDOW} requests are in flight at once: while the scorer runs them, this thread reads
 * and builds the next chunk and writes out the answers that have come back. With one blocking request at a
 * time the scorer's batch threads sat idle for every round trip, every chunk's parsing and every chunk's
 * writing (0.17-0.23 of the raw ONNX Runtime call, bench/score_bench.sh).
 */
final class ScoreClient {

  /** Sequences per request: two of the scorer's batches (1,024 each), far below its request limit. */
  static final int CHUNK = 2048;
  /** Requests in flight: enough queued work for every batch thread while answers are written out. */
  static final int WINDOW = 4;

  /** Receives each chunk's sequences and their scores. */
  interface ChunkConsumer {
    void accept(List<LabeledSequence> sequences, ScoreResponse scores) throws IOException;
  }

  private final ScorerServiceFutureStub scorer;
  private final List<ModelRef> models;
  private final ScoreOptions options;

  ScoreClient(ScorerServiceFutureStub scorer, List<ModelRef> models, boolean bothStrands) {
    this.scorer = scorer;
    this.models = models;
    this.options = ScoreOptions.newBuilder().setBothStrands(bothStrands).build();
  }

  /** A request sent and not yet handed on. */
  private record InFlight(List<LabeledSequence> chunk, long first, ListenableFuture<ScoreResponse> response) {}

  /** @param source names the input in error messages */
  void scoreAll(Iterator<LabeledSequence> sequences, String source, ChunkConsumer consumer) throws IOException {
    ArrayDeque<InFlight> window = new ArrayDeque<>();
    long first = 0;
    try {
      while (sequences.hasNext() || !window.isEmpty()) {
        while (window.size() < WINDOW && sequences.hasNext()) {
          List<LabeledSequence> chunk = new ArrayList<>(CHUNK);
          PackedSequencesBuilder packed = new PackedSequencesBuilder(CHUNK, CHUNK * 128);
          while (sequences.hasNext() && chunk.size() < CHUNK) {
            LabeledSequence s = sequences.next();
            chunk.add(s);
            packed.add(s.id(), s.sequence()); // the readers have checked every character
          }
          window.addLast(new InFlight(chunk, first, scorer.score(ScoreRequest.newBuilder().addAllModels(models)
              .setOptions(options).setBatch(SequenceBatch.newBuilder().setAlphabet(Alphabet.ALPHABET_DNA)
                  .setPacked(packed.build())).build())));
          first += chunk.size();
        }
        InFlight oldest = window.pollFirst();
        ScoreResponse response = await(oldest.response());
        check(oldest, response, source);
        consumer.accept(oldest.chunk(), response);
      }
    } finally {
      // An error (the scorer's, the input's or the consumer's) ends the run: the requests still out are
      // cancelled rather than scored for nobody.
      for (InFlight f : window) {
        f.response().cancel(true);
      }
    }
  }

  private static ScoreResponse await(ListenableFuture<ScoreResponse> response) throws IOException {
    try {
      return response.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for the scorer");
    } catch (ExecutionException e) {
      // The blocking stub's failure as it was: a StatusRuntimeException, which the CLI's handler words.
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IOException(e.getCause());
    }
  }

  private static void check(InFlight f, ScoreResponse response, String source) {
    if (response.getErrorsCount() > 0) {
      ItemError e = response.getErrors(0);
      // The scorer's message names the index within this request; say where it is in the whole input.
      String message = e.getMessage().replaceFirst("^sequence at index \\d+( \\('[^']*'\\))?: ", "");
      throw new IllegalArgumentException(source + ": sequence " + (f.first() + e.getIndex() + 1) + " ('"
          + f.chunk().get((int) e.getIndex()).id() + "'): " + message
          + (response.getErrorsCount() > 1 ? " (and " + (response.getErrorsCount() - 1) + " more in this chunk)" : ""));
    }
  }
}
