package io.seqbind.scorer.score;

import io.seqbind.core.model.Logits;
import io.seqbind.core.bundle.BundleException;
import io.seqbind.core.seq.InputSequences;
import io.seqbind.core.seq.OneHot;
import io.seqbind.proto.v1.ItemError;
import io.seqbind.proto.v1.ModelInfo;
import io.seqbind.proto.v1.ModelScores;
import io.seqbind.proto.v1.ReverseComplementMode;
import io.seqbind.proto.v1.ScoreOptions;
import io.seqbind.proto.v1.ScoreScale;
import io.seqbind.proto.v1.TaskType;
import io.seqbind.scorer.ScorerMetrics;
import io.seqbind.scorer.batching.DynamicBatcher;
import io.seqbind.scorer.runtime.InferenceModel;
import io.seqbind.scorer.runtime.SessionCache;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * Scores a run of sequences (a Score request or one ScoreStream chunk) with open models: checks each
 * sequence, one-hot encodes the good ones once per length, sends each (model, length) group through the
 * batcher, and lays the rows back out in request order with NaN rows for sequences that have an error.
 *
 * <p>both_strands: a model whose graph scans both strands reports each strand's scores itself
 * ({@link InferenceModel#strandScores}), one run for all three. A model with reverse-complement mode off
 * gets the reverse complements as extra rows of the same group: forward is its output for the sequence as
 * given, reverse for the reverse complement, and scores the output for the sequence as given. A model whose
 * graph combines strands without outputting each (exported before those outputs) is refused: feeding it the
 * reverse complement would only give the combined score again.
 */
public final class SequenceScorer {

  private final DynamicBatcher batcher;
  private final int maxSequenceLength;
  private final long maxRequestBases;
  private final ScorerMetrics metrics;

  public SequenceScorer(DynamicBatcher batcher, int maxSequenceLength, long maxRequestBases, ScorerMetrics metrics) {
    this.batcher = batcher;
    this.maxSequenceLength = maxSequenceLength;
    this.maxRequestBases = maxRequestBases;
    this.metrics = metrics;
  }

  /**
   * Refuses a request or chunk whose bases add up to more than the bound, before anything is encoded: each
   * base becomes 16 bytes of input (32 with reverse complements) plus the model's activations, so the sum of
   * lengths, not the number of sequences, is what a request costs.
   *
   * @param what "request" or "chunk", for the message
   * @throws IllegalArgumentException (INVALID_ARGUMENT) naming the sum and the bound
   */
  private void checkSize(InputSequences seqs, String what) {
    long bases = seqs.totalBases();
    if (bases > maxRequestBases) {
      metrics.memoryRefusals().increment();
      throw new IllegalArgumentException("the " + what + " holds " + seqs.size() + " sequences of " + bases
          + " bases in all, more than this server's max_bases_per_request = " + maxRequestBases + " ("
          + (maxRequestBases * 16 >> 20) + " MiB of encoded input); send fewer or shorter sequences per "
          + "request or chunk");
    }
  }

  /**
   * @param firstIndex index of the first sequence in the request or stream, for errors
   * @throws StrictModeException when {@code options.strict} and a sequence has a problem
   * @throws io.seqbind.scorer.batching.QueueFullException when the batcher is full
   */
  public CompletableFuture<ScoredChunk> score(List<SessionCache.Lease> models, InputSequences seqs,
      long firstIndex, ScoreOptions options, BooleanSupplier cancelled) {
    checkSize(seqs, firstIndex == 0 ? "request or chunk" : "chunk starting at sequence " + firstIndex);
    int n = seqs.size();
    List<ItemError> errors = new ArrayList<>();
    boolean[] bad = new boolean[n];
    for (int i = 0; i < n; i++) {
      ItemError e = SequenceChecks.common(seqs, i, firstIndex + i, maxSequenceLength);
      if (e != null) {
        errors.add(e);
        bad[i] = true;
      }
    }
    // Per model: the good sequences long enough for it, grouped by length (insertion order = first seen).
    List<Map<Integer, List<Integer>>> groupsPerModel = new ArrayList<>();
    for (SessionCache.Lease lease : models) {
      ModelInfo info = lease.model().info();
      Map<Integer, List<Integer>> groups = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        if (bad[i]) {
          continue;
        }
        ItemError e = SequenceChecks.forModel(seqs, i, firstIndex + i, info);
        if (e != null) {
          errors.add(e);
        } else {
          groups.computeIfAbsent(seqs.length(i), k -> new ArrayList<>()).add(i);
        }
      }
      groupsPerModel.add(groups);
    }
    errors.sort(Comparator.comparingLong(ItemError::getIndex).thenComparing(ItemError::getModelId));
    if (options.getStrict() && !errors.isEmpty()) {
      throw new StrictModeException(errors.get(0));
    }

    boolean both = options.getBothStrands();
    // By length, shared by the models: the sequences, and the sequences followed by their reverse complements.
    Map<Integer, byte[]> encoded = new LinkedHashMap<>();
    Map<Integer, byte[]> encodedWithReverse = new LinkedHashMap<>();
    List<CompletableFuture<ModelScores>> perModel = new ArrayList<>();
    for (int m = 0; m < models.size(); m++) {
      SessionCache.Lease lease = models.get(m);
      InferenceModel model = lease.model();
      Layout layout = layout(model, both);
      Map<Integer, List<Integer>> groups = groupsPerModel.get(m);
      List<CompletableFuture<float[]>> outs = new ArrayList<>();
      List<List<Integer>> rowsOf = new ArrayList<>();
      long rows = 0;
      for (Map.Entry<Integer, List<Integer>> g : groups.entrySet()) {
        int length = g.getKey();
        List<Integer> members = g.getValue();
        boolean reverseRows = layout == Layout.REVERSE_ROWS;
        byte[] input = (reverseRows ? encodedWithReverse : encoded).computeIfAbsent(length,
            l -> encode(seqs, members, l, reverseRows));
        int k = reverseRows ? 2 * members.size() : members.size();
        // The strand pass has a lane of its own (keyed by its function): its rows are three times as wide.
        outs.add(layout == Layout.STRAND_OUTPUTS
            ? batcher.submit(model.strandScores(), model.strandScores(), length, input, k, cancelled)
            : batcher.submit(model, model, length, input, k, cancelled));
        rowsOf.add(members);
        rows += k;
      }
      long scored = rows;
      perModel.add(CompletableFuture.allOf(outs.toArray(CompletableFuture[]::new)).thenApply(v -> {
        lease.recordScored(scored);
        return assemble(model, n, outs, rowsOf, layout, options.getScale());
      }));
    }
    return CompletableFuture.allOf(perModel.toArray(CompletableFuture[]::new)).thenApply(v ->
        new ScoredChunk(perModel.stream().map(CompletableFuture::join).toList(), List.copyOf(errors)));
  }

  private static Layout layout(InferenceModel model, boolean both) {
    if (!both) {
      return Layout.SCORES;
    }
    if (model.strandScores() != null) {
      return Layout.STRAND_OUTPUTS;
    }
    ReverseComplementMode mode = model.info().getReverseComplement();
    if (mode == ReverseComplementMode.REVERSE_COMPLEMENT_MODE_MAX
        || mode == ReverseComplementMode.REVERSE_COMPLEMENT_MODE_MEAN) {
      // Its graph combines strands but does not output them: scoring the reverse complement would give the
      // combined score again, presented as a strand's.
      ModelInfo info = model.info();
      String id = info.getId().substring(0, Math.min(12, info.getId().length()));
      throw new BundleException("model " + info.getName().getName() + ":" + info.getName().getVersion() + " (" + id
          + ") combines both strands in its graph but has no forward and reverse outputs (exported before seqbind "
          + "added them), so it cannot report each strand; score without both_strands, or train it again");
    }
    return Layout.REVERSE_ROWS;
  }

  /**
   * The one-hot channels of the group's k sequences, then (both strands) of their reverse complements: the
   * rows of [k, 4, L] (or [2k, 4, L]) at one byte per base; the forward pass expands them.
   */
  private static byte[] encode(InputSequences seqs, List<Integer> members, int length, boolean both) {
    int k = members.size();
    byte[] channels = new byte[(both ? 2 * k : k) * length];
    for (int j = 0; j < k; j++) {
      seqs.channels(members.get(j), channels, j * length);
      if (both) {
        // U reads as T, so its complement is A, as in Alphabet.DNA.
        OneHot.reverseComplementChannels(channels, j * length, length, channels, (k + j) * length);
      }
    }
    return channels;
  }

  /** How a group's output holds what the request asked for. */
  private enum Layout {
    /** k rows of T: the combined scores. */
    SCORES(1),
    /** 2k rows of T: the sequences' outputs, then their reverse complements'. */
    REVERSE_ROWS(2),
    /** k rows of 3T: combined, forward strand, reverse strand. */
    STRAND_OUTPUTS(3);

    /** T-wide blocks of output per sequence. */
    final int blocks;

    Layout(int blocks) {
      this.blocks = blocks;
    }
  }

  private static ModelScores assemble(InferenceModel model, int n, List<CompletableFuture<float[]>> outs,
      List<List<Integer>> rowsOf, Layout layout, ScoreScale scale) {
    int t = model.tasks();
    boolean both = layout != Layout.SCORES;
    float[] scores = nan(n * t);
    float[] forward = both ? nan(n * t) : null;
    float[] reverse = both ? nan(n * t) : null;
    for (int g = 0; g < outs.size(); g++) {
      float[] out = outs.get(g).join();
      List<Integer> members = rowsOf.get(g);
      int k = members.size();
      if (out.length != layout.blocks * k * t) {
        throw new IllegalStateException("model " + model.info().getId() + " returned " + out.length
            + " values for " + k + " sequences, expected " + t + " per row and output");
      }
      for (int j = 0; j < k; j++) {
        int i = members.get(j);
        switch (layout) {
          case SCORES -> System.arraycopy(out, j * t, scores, i * t, t);
          case REVERSE_ROWS -> {
            System.arraycopy(out, j * t, scores, i * t, t);
            System.arraycopy(out, j * t, forward, i * t, t);
            System.arraycopy(out, (k + j) * t, reverse, i * t, t);
          }
          case STRAND_OUTPUTS -> {
            System.arraycopy(out, 3 * j * t, scores, i * t, t);
            System.arraycopy(out, (3 * j + 1) * t, forward, i * t, t);
            System.arraycopy(out, (3 * j + 2) * t, reverse, i * t, t);
          }
        }
      }
    }
    boolean sigmoid = scale == ScoreScale.SCORE_SCALE_PROBABILITY
        && model.info().getTaskType() == TaskType.TASK_TYPE_BINARY;
    ModelScores.Builder b = ModelScores.newBuilder()
        .setModelId(model.info().getId())
        .addAllTaskNames(model.info().getTaskNamesList())
        .setRows(n)
        .setColumns(t);
    add(scores, sigmoid, b::addScores);
    if (both) {
      add(forward, sigmoid, b::addForward);
      add(reverse, sigmoid, b::addReverse);
    }
    return b.build();
  }

  private static float[] nan(int size) {
    float[] a = new float[size];
    Arrays.fill(a, Float.NaN);
    return a;
  }

  /** A builder's primitive {@code addX(float)}, so millions of scores are not boxed. */
  private interface FloatSink {
    Object add(float v);
  }

  private static void add(float[] values, boolean sigmoid, FloatSink sink) {
    for (float v : values) {
      sink.add(sigmoid ? (float) Logits.probability(v) : v);
    }
  }
}
