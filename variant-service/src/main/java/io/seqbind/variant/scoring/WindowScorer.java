package io.seqbind.variant.scoring;

import io.grpc.StatusRuntimeException;
import io.seqbind.proto.v1.ItemError;
import io.seqbind.proto.v1.ModelScores;
import io.seqbind.proto.v1.ScoreOptions;
import io.seqbind.proto.v1.ScoreRequest;
import io.seqbind.proto.v1.ScoreResponse;
import io.seqbind.proto.v1.ScoreScale;
import io.seqbind.proto.v1.ScorerServiceGrpc.ScorerServiceBlockingStub;
import io.seqbind.proto.v1.Sequence;
import io.seqbind.proto.v1.SequenceBatch;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The variant service's only way to a forward pass: sends sequences to the ScorerService in requests of at
 * most {@code maxBatch} sequences (never one by one), asking for raw scores (and each strand's scores only
 * when the caller reports them: they cost a second forward pass on the reverse complements), and gathers
 * one model's scores into a {@link ScoreTable}. Per-sequence problems (ItemErrors) are kept per
 * row, so callers turn them into per-variant skips instead of failing a whole file; request-level
 * failures surface as the stub's {@link io.grpc.StatusRuntimeException}.
 */
public final class WindowScorer {

  /** Sequences per request unless told otherwise: well under the scorer's usual per-request limit. */
  public static final int DEFAULT_MAX_BATCH = 4096;

  private final ScorerServiceBlockingStub stub;
  private final int maxBatch;

  public WindowScorer(ScorerServiceBlockingStub stub) {
    this(stub, DEFAULT_MAX_BATCH);
  }

  public WindowScorer(ScorerServiceBlockingStub stub, int maxBatch) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be >= 1, got " + maxBatch);
    }
    this.stub = stub;
    this.maxBatch = maxBatch;
  }

  public int maxBatch() {
    return maxBatch;
  }

  /**
   * Scores {@code sequences} (upper-case DNA) with {@code model}, in requests of up to maxBatch.
   *
   * @param strands also each strand's scores; without them the table's forward and reverse are NaN
   */
  public ScoreTable score(ScoringModel model, List<String> sequences, boolean strands) {
    int n = sequences.size();
    int t = model.taskCount();
    float[] combined = new float[n * t];
    float[] forward = new float[n * t];
    float[] reverse = new float[n * t];
    if (!strands) {
      Arrays.fill(forward, Float.NaN);
      Arrays.fill(reverse, Float.NaN);
    }
    Map<Integer, ItemError> errors = new HashMap<>();
    for (int from = 0; from < n; from += maxBatch) {
      int to = Math.min(n, from + maxBatch);
      SequenceBatch.Builder batch = SequenceBatch.newBuilder();
      for (int i = from; i < to; i++) {
        batch.addSequences(Sequence.newBuilder().setId(Integer.toString(i)).setBases(sequences.get(i)));
      }
      ScoreResponse response;
      try {
        response = stub.score(ScoreRequest.newBuilder()
            .addModels(model.ref())
            .setBatch(batch)
            .setOptions(ScoreOptions.newBuilder().setBothStrands(strands).setScale(ScoreScale.SCORE_SCALE_RAW))
            .build());
      } catch (StatusRuntimeException e) {
        // Same code (UNAVAILABLE, NOT_FOUND, ...), but the message says who failed.
        throw e.getStatus().withDescription("scorer: " + e.getStatus().getDescription()).asRuntimeException();
      }
      ModelScores scores = find(response, model);
      int rows = to - from;
      check(scores, model, rows, t, strands);
      copy(scores.getScoresList(), combined, from * t, rows * t);
      if (strands) {
        copy(scores.getForwardList(), forward, from * t, rows * t);
        copy(scores.getReverseList(), reverse, from * t, rows * t);
      }
      for (ItemError e : response.getErrorsList()) {
        if (e.getModelId().isEmpty() || e.getModelId().equals(model.id())) {
          int row = from + (int) e.getIndex();
          errors.put(row, e.toBuilder().setIndex(row).build());
          Arrays.fill(combined, row * t, row * t + t, Float.NaN);
        }
      }
    }
    return new ScoreTable(n, t, combined, forward, reverse, Map.copyOf(errors));
  }

  private static ModelScores find(ScoreResponse response, ScoringModel model) {
    for (ModelScores s : response.getModelsList()) {
      if (s.getModelId().equals(model.id())) {
        return s;
      }
    }
    throw new IllegalStateException("the scorer answered without scores for model " + model.id());
  }

  /** A scorer that breaks the contract would otherwise give silently misaligned scores. */
  private static void check(ModelScores s, ScoringModel model, int rows, int tasks, boolean strands) {
    int strandRows = strands ? rows * tasks : 0;
    if (s.getRows() != rows || s.getColumns() != tasks || s.getScoresCount() != rows * tasks
        || s.getForwardCount() != strandRows || s.getReverseCount() != strandRows) {
      throw new IllegalStateException("the scorer returned " + s.getRows() + " x " + s.getColumns()
          + " scores (" + s.getForwardCount() + " forward, " + s.getReverseCount() + " reverse) for model "
          + model.id() + ", expected " + rows + " x " + tasks + (strands ? " with both strands" : ""));
    }
  }

  private static void copy(List<Float> from, float[] to, int offset, int count) {
    for (int i = 0; i < count; i++) {
      to[offset + i] = from.get(i);
    }
  }
}
