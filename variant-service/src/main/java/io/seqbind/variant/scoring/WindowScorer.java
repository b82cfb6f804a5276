package io.seqbind.variant.scoring;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.CallOptions;
import io.grpc.Status;
import io.seqbind.proto.v1.ItemError;
import io.seqbind.proto.v1.ModelScores;
import io.seqbind.proto.v1.ScoreOptions;
import io.seqbind.proto.v1.ScoreRequest;
import io.seqbind.proto.v1.ScoreResponse;
import io.seqbind.proto.v1.ScoreScale;
import io.seqbind.proto.v1.ScorerServiceGrpc;
import io.seqbind.proto.v1.ScorerServiceGrpc.ScorerServiceBlockingStub;
import io.seqbind.proto.v1.ScorerServiceGrpc.ScorerServiceFutureStub;
import io.seqbind.proto.v1.Sequence;
import io.seqbind.proto.v1.SequenceBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;

/**
 * The variant service's only way to a forward pass: sends sequences to the ScorerService in requests of at
 * most {@code maxBatch} sequences (never one by one), asking for raw scores (and each strand's scores only
 * when the caller reports them: they cost a second forward pass on the reverse complements), and gathers
 * one model's scores into a {@link ScoreTable}. Per-sequence problems (ItemErrors) are kept per
 * row, so callers turn them into per-variant skips instead of failing a whole file; request-level
 * failures surface as the stub's {@link io.grpc.StatusRuntimeException}.
 *
 * <p>Requests go out {@link #IN_FLIGHT} at a time (every model's and every batch's), not one after another:
 * while the scorer runs one request's forward pass, the next is already decoded and encoded, so its batch
 * threads never wait for this client's round trip.
 */
public final class WindowScorer {

  /** Sequences per request unless told otherwise: well under the scorer's usual per-request limit. */
  public static final int DEFAULT_MAX_BATCH = 4096;

  /** Requests outstanding at once: enough to keep a scorer's batch threads (2 by default) busy. */
  public static final int IN_FLIGHT = 4;

  private final ScorerServiceFutureStub futures;
  private final int maxBatch;

  public WindowScorer(ScorerServiceBlockingStub stub) {
    this(stub, DEFAULT_MAX_BATCH);
  }

  public WindowScorer(ScorerServiceBlockingStub stub, int maxBatch) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be >= 1, got " + maxBatch);
    }
    this.futures = futureStub(stub);
    this.maxBatch = maxBatch;
  }

  /** A future stub on the blocking stub's channel with its deadline and message limits. */
  private static ScorerServiceFutureStub futureStub(ScorerServiceBlockingStub stub) {
    CallOptions options = stub.getCallOptions();
    ScorerServiceFutureStub f = ScorerServiceGrpc.newFutureStub(stub.getChannel());
    if (options.getDeadline() != null) {
      f = f.withDeadline(options.getDeadline());
    }
    if (options.getMaxInboundMessageSize() != null) {
      f = f.withMaxInboundMessageSize(options.getMaxInboundMessageSize());
    }
    if (options.getMaxOutboundMessageSize() != null) {
      f = f.withMaxOutboundMessageSize(options.getMaxOutboundMessageSize());
    }
    return f;
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
    return scoreAll(List.of(model), List.of(sequences), strands).get(0);
  }

  /**
   * Scores {@code sequences.get(i)} with {@code models.get(i)} for every i, all requests sharing the
   * {@link #IN_FLIGHT} window.
   */
  public List<ScoreTable> scoreAll(List<ScoringModel> models, List<List<String>> sequences, boolean strands) {
    List<Table> tables = new ArrayList<>();
    List<Part> parts = new ArrayList<>();
    for (int m = 0; m < models.size(); m++) {
      Table table = new Table(models.get(m), sequences.get(m).size(), strands);
      tables.add(table);
      for (int from = 0; from < table.n; from += maxBatch) {
        parts.add(new Part(table, sequences.get(m), from, Math.min(table.n, from + maxBatch)));
      }
    }
    Semaphore window = new Semaphore(IN_FLIGHT);
    List<ListenableFuture<ScoreResponse>> sent = new ArrayList<>();
    try {
      for (Part part : parts) {
        window.acquire();
        ListenableFuture<ScoreResponse> f = futures.score(part.request(strands));
        f.addListener(window::release, MoreExecutors.directExecutor());
        sent.add(f);
      }
      for (int i = 0; i < parts.size(); i++) {
        parts.get(i).take(sent.get(i).get(), strands);
      }
    } catch (InterruptedException e) {
      sent.forEach(f -> f.cancel(true));
      Thread.currentThread().interrupt();
      throw Status.CANCELLED.withDescription("scorer: interrupted").asRuntimeException();
    } catch (ExecutionException e) {
      sent.forEach(f -> f.cancel(true));
      Status status = Status.fromThrowable(e.getCause());
      // Same code (UNAVAILABLE, NOT_FOUND, ...), but the message says who failed.
      throw status.withDescription("scorer: " + status.getDescription()).asRuntimeException();
    }
    return tables.stream().map(Table::done).toList();
  }

  /** One model's scores as they arrive. */
  private static final class Table {
    final ScoringModel model;
    final int n;
    final int t;
    final float[] combined;
    final float[] forward;
    final float[] reverse;
    final Map<Integer, ItemError> errors = new HashMap<>();

    Table(ScoringModel model, int n, boolean strands) {
      this.model = model;
      this.n = n;
      this.t = model.taskCount();
      combined = new float[n * t];
      forward = new float[n * t];
      reverse = new float[n * t];
      if (!strands) {
        Arrays.fill(forward, Float.NaN);
        Arrays.fill(reverse, Float.NaN);
      }
    }

    ScoreTable done() {
      return new ScoreTable(n, t, combined, forward, reverse, Map.copyOf(errors));
    }
  }

  /** One request: rows [from, to) of a table. */
  private record Part(Table table, List<String> sequences, int from, int to) {
    ScoreRequest request(boolean strands) {
      SequenceBatch.Builder batch = SequenceBatch.newBuilder();
      for (int i = from; i < to; i++) {
        batch.addSequences(Sequence.newBuilder().setId(Integer.toString(i)).setBases(sequences.get(i)));
      }
      return ScoreRequest.newBuilder()
          .addModels(table.model.ref())
          .setBatch(batch)
          .setOptions(ScoreOptions.newBuilder().setBothStrands(strands).setScale(ScoreScale.SCORE_SCALE_RAW))
          .build();
    }

    void take(ScoreResponse response, boolean strands) {
      ScoringModel model = table.model;
      int t = table.t;
      ModelScores scores = find(response, model);
      int rows = to - from;
      check(scores, model, rows, t, strands);
      copy(scores.getScoresList(), table.combined, from * t, rows * t);
      if (strands) {
        copy(scores.getForwardList(), table.forward, from * t, rows * t);
        copy(scores.getReverseList(), table.reverse, from * t, rows * t);
      }
      for (ItemError e : response.getErrorsList()) {
        if (e.getModelId().isEmpty() || e.getModelId().equals(model.id())) {
          int row = from + (int) e.getIndex();
          table.errors.put(row, e.toBuilder().setIndex(row).build());
          Arrays.fill(table.combined, row * t, row * t + t, Float.NaN);
        }
      }
    }
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
