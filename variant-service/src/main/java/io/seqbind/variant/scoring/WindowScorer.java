package io.seqbind.variant.scoring;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.CallOptions;
import io.grpc.Context;
import io.grpc.Status;
import io.seqbind.core.seq.PackedSequencesBuilder;
import io.seqbind.proto.v1.ItemError;
import io.seqbind.proto.v1.ModelScores;
import io.seqbind.proto.v1.ScoreOptions;
import io.seqbind.proto.v1.ScoreRequest;
import io.seqbind.proto.v1.ScoreResponse;
import io.seqbind.proto.v1.ScoreScale;
import io.seqbind.proto.v1.ScorerServiceGrpc;
import io.seqbind.proto.v1.ScorerServiceGrpc.ScorerServiceBlockingStub;
import io.seqbind.proto.v1.ScorerServiceGrpc.ScorerServiceFutureStub;
import io.seqbind.proto.v1.SequenceBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * The variant service's only way to a forward pass: sends sequences to the ScorerService in requests of at
 * most {@code maxBatch} sequences x models (never one by one), asking for raw scores (and each strand's scores
 * only when the caller reports them: they cost a second forward pass on the reverse complements unless the
 * graph outputs both strands), and gathers each model's scores into a {@link ScoreTable}. Per-sequence problems
 * (ItemErrors) are kept per row, so callers turn them into per-variant skips instead of failing a whole file;
 * request-level failures surface as {@link io.grpc.StatusRuntimeException}s.
 *
 * <p>Models that score the same sequences (a {@link #start group}: the models that share a window length) go in
 * one request, so the sequences are built, sent, checked and one-hot encoded once for all of them instead of
 * once per model. Requests go out {@link #IN_FLIGHT} at a time and the next is sent as soon as one is answered,
 * from the answering thread: {@link #start} returns at once, so the caller prepares its next work while the
 * scorer runs this one, and the scorer's batch threads never wait for this client's round trip.
 */
public final class WindowScorer {

  /** Sequences x models per request unless told otherwise: well under the scorer's usual per-request limit. */
  public static final int DEFAULT_MAX_BATCH = 4096;

  /**
   * Requests outstanding at once per {@link #start}: enough to keep a scorer's batch threads (2 by default) busy,
   * and with requests of maxBatch sequences x models, far from a scorer's queue bound (262,144 sequences).
   */
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
    return start(List.of(List.of(model)), List.of(sequences), strands).await().get(0).get(0);
  }

  /**
   * Starts scoring {@code sequences.get(g)} with every model of {@code groups.get(g)}, for every g, and returns
   * at once; {@link Scoring#await} gives the tables. A model listed twice in a group is asked for once and both
   * entries get the same table.
   */
  public Scoring start(List<List<ScoringModel>> groups, List<List<String>> sequences, boolean strands) {
    if (groups.size() != sequences.size()) {
      throw new IllegalArgumentException(groups.size() + " groups of models for " + sequences.size()
          + " lists of sequences");
    }
    List<List<Table>> tablesOfGroups = new ArrayList<>();
    List<Part> parts = new ArrayList<>();
    for (int g = 0; g < groups.size(); g++) {
      List<String> seqs = sequences.get(g);
      Map<String, Table> distinct = new LinkedHashMap<>();
      List<Table> ofGroup = new ArrayList<>();
      for (ScoringModel model : groups.get(g)) {
        ofGroup.add(distinct.computeIfAbsent(model.id(), id -> new Table(model, seqs.size(), strands)));
      }
      tablesOfGroups.add(ofGroup);
      List<Table> tables = List.copyOf(distinct.values());
      // Sequences x models per request, as the scorer's queue counts them (a row per model).
      int perRequest = Math.max(1, maxBatch / Math.max(1, tables.size()));
      for (int from = 0; from < seqs.size() && !tables.isEmpty(); from += perRequest) {
        parts.add(new Part(tables, seqs, from, Math.min(seqs.size(), from + perRequest), strands));
      }
    }
    Scoring scoring = new Scoring(parts, tablesOfGroups, strands);
    scoring.sendMore();
    return scoring;
  }

  /** The requests of one {@link #start}, sent {@link #IN_FLIGHT} at a time. */
  public final class Scoring {

    private final List<Part> parts;
    private final List<List<Table>> tablesOfGroups;
    private final boolean strands;
    /** The caller's context: requests sent from other threads are cancelled with the caller's call too. */
    private final Context context = Context.current();
    /** Guarded by this, as are the fields below. */
    private final List<ListenableFuture<ScoreResponse>> sent;
    private int next;
    private int inFlight;
    /** A thread is in {@link #sendMore}'s loop: an answer that arrives meanwhile leaves the sending to it. */
    private boolean sending;
    private boolean stopped;

    private Scoring(List<Part> parts, List<List<Table>> tablesOfGroups, boolean strands) {
      this.parts = parts;
      this.tablesOfGroups = tablesOfGroups;
      this.strands = strands;
      this.sent = new ArrayList<>(Collections.nCopies(parts.size(), null));
    }

    /**
     * Sends requests while fewer than IN_FLIGHT are unanswered; called again on each answer. One thread sends at a
     * time, in a loop rather than by recursion: an answer may arrive on the sending thread itself.
     */
    private void sendMore() {
      synchronized (this) {
        if (sending) {
          return;
        }
        sending = true;
      }
      while (true) {
        int i;
        synchronized (this) {
          if (stopped || next == parts.size() || inFlight == IN_FLIGHT) {
            sending = false;
            return;
          }
          i = next++;
          inFlight++;
        }
        ListenableFuture<ScoreResponse> f;
        Context previous = context.attach();
        try {
          f = futures.score(parts.get(i).request);
        } finally {
          context.detach(previous);
        }
        synchronized (this) {
          sent.set(i, f);
          notifyAll();
        }
        f.addListener(() -> answered(f), MoreExecutors.directExecutor());
      }
    }

    private void answered(ListenableFuture<ScoreResponse> f) {
      boolean failed;
      try {
        f.get();
        failed = false;
      } catch (ExecutionException | RuntimeException e) {
        failed = true;
      } catch (InterruptedException e) { // not reached: f is done
        Thread.currentThread().interrupt();
        failed = true;
      }
      synchronized (this) {
        inFlight--;
        stopped |= failed; // await() reports it; sending more would be in vain
      }
      sendMore();
    }

    /**
     * Waits for every answer and returns, per group, the tables of its models in the group's order.
     *
     * @throws io.grpc.StatusRuntimeException the first failed request's status, its message naming the scorer
     *     (the other requests are cancelled); CANCELLED when interrupted or cancelled
     */
    public List<List<ScoreTable>> await() {
      try {
        for (int i = 0; i < parts.size(); i++) {
          ListenableFuture<ScoreResponse> f;
          synchronized (this) {
            while (sent.get(i) == null) {
              if (stopped) { // a failed request (found below) or cancel()
                firstFailure();
                throw Status.CANCELLED.withDescription("scorer: cancelled").asRuntimeException();
              }
              wait();
            }
            f = sent.get(i);
          }
          parts.get(i).take(f.get(), strands);
        }
      } catch (InterruptedException e) {
        cancel();
        Thread.currentThread().interrupt();
        throw Status.CANCELLED.withDescription("scorer: interrupted").asRuntimeException();
      } catch (ExecutionException e) {
        cancel();
        throw failure(e);
      } catch (RuntimeException e) {
        cancel();
        throw e;
      }
      Map<Table, ScoreTable> done = new IdentityHashMap<>();
      List<List<ScoreTable>> out = new ArrayList<>();
      for (List<Table> group : tablesOfGroups) {
        out.add(group.stream().map(t -> done.computeIfAbsent(t, Table::done)).toList());
      }
      return out;
    }

    /** Throws the failure of the first request that failed, if one did. */
    private void firstFailure() throws InterruptedException {
      for (ListenableFuture<ScoreResponse> f : sent) {
        if (f != null && f.isDone() && !f.isCancelled()) {
          try {
            f.get();
          } catch (ExecutionException e) {
            throw failure(e);
          }
        }
      }
    }

    private static RuntimeException failure(ExecutionException e) {
      Status status = Status.fromThrowable(e.getCause());
      // Same code (UNAVAILABLE, NOT_FOUND, ...), but the message says who failed.
      return status.withDescription("scorer: " + status.getDescription()).asRuntimeException();
    }

    /** Sends nothing more and cancels what was sent (a caller that gives up on the results). */
    public void cancel() {
      List<ListenableFuture<ScoreResponse>> out;
      synchronized (this) {
        stopped = true;
        out = new ArrayList<>(sent);
        notifyAll();
      }
      for (ListenableFuture<ScoreResponse> f : out) {
        if (f != null) {
          f.cancel(true);
        }
      }
    }
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

  /** One request: rows [from, to) of the tables of a group's models, which score the same sequences. */
  private static final class Part {
    final List<Table> tables;
    final int from;
    final int to;
    final ScoreRequest request;

    Part(List<Table> tables, List<String> sequences, int from, int to, boolean strands) {
      this.tables = tables;
      this.from = from;
      this.to = to;
      // Packed: one byte array for the part's windows rather than a message and two strings each (ids are the
      // rows, which the scorer's errors then name).
      PackedSequencesBuilder packed = new PackedSequencesBuilder(to - from, (to - from) * sequences.get(from).length());
      for (int i = from; i < to; i++) {
        packed.add(Integer.toString(i), sequences.get(i));
      }
      ScoreRequest.Builder request = ScoreRequest.newBuilder().setBatch(SequenceBatch.newBuilder().setPacked(packed.build()))
          .setOptions(ScoreOptions.newBuilder().setBothStrands(strands).setScale(ScoreScale.SCORE_SCALE_RAW));
      tables.forEach(t -> request.addModels(t.model.ref()));
      this.request = request.build();
    }

    void take(ScoreResponse response, boolean strands) {
      int rows = to - from;
      for (Table table : tables) {
        ScoringModel model = table.model;
        int t = table.t;
        ModelScores scores = find(response, model);
        check(scores, model, rows, t, strands);
        for (int i = 0; i < rows * t; i++) {
          table.combined[from * t + i] = scores.getScores(i);
        }
        if (strands) {
          for (int i = 0; i < rows * t; i++) {
            table.forward[from * t + i] = scores.getForward(i);
            table.reverse[from * t + i] = scores.getReverse(i);
          }
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
}
