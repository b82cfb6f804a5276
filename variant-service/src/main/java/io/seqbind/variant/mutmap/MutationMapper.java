package io.seqbind.variant.mutmap;

import io.seqbind.core.seq.Bases;
import io.seqbind.proto.v1.ItemError;
import io.seqbind.proto.v1.MutationMap;
import io.seqbind.proto.v1.StrandMode;
import io.seqbind.variant.scoring.ScoreTable;
import io.seqbind.variant.scoring.ScoringModel;
import io.seqbind.variant.scoring.WindowScorer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * In silico mutagenesis (DeepBind's mutation map): the wild type and every single-base substitution of a
 * sequence are scored together — 3L mutants plus the wild type (4 per position where the wild type is an
 * ambiguity code) — in one batched call through the {@link WindowScorer}, and each task's map is built from
 * the differences.
 *
 * <p>Definitions (variant.proto, MutationMap): {@code delta(b, j) = score(sequence with base b at j) -
 * score(wild type)}, 0 where b is the wild-type base; the importance of position j is the largest loss of
 * score any substitution there causes, {@code max(0, max_b (wt - mut_b)) = max(0, -min_b delta(b, j))},
 * which is the letter height in DeepBind's Fig. 4. Positions where every substitution raises the score
 * have importance 0.
 */
public final class MutationMapper {

  private static final char[] ACGT = {'A', 'C', 'G', 'T'};

  private final WindowScorer scorer;

  public MutationMapper(WindowScorer scorer) {
    this.scorer = scorer;
  }

  /**
   * Maps {@code sequence} for the tasks at {@code taskIndices} (model order when empty).
   *
   * @throws IllegalArgumentException for a character that is not a base, a sequence shorter than the
   *     model's min_length, or a task index out of range; the message says what was expected
   */
  public List<MutationMap> map(ScoringModel model, String sequence, List<Integer> taskIndices, StrandMode strand) {
    String wt = sequence.toUpperCase(Locale.ROOT);
    int bad = Bases.firstInvalid(wt);
    if (bad >= 0) {
      throw new IllegalArgumentException("sequence position " + (bad + 1) + " holds " + Bases.describe(wt.charAt(bad))
          + ", expected " + Bases.EXPECTED);
    }
    int length = wt.length();
    if (length == 0 || length < model.info().getMinLength()) {
      throw new IllegalArgumentException("sequence of " + length + " bases is shorter than model " + model.label()
          + "'s min_length " + model.info().getMinLength() + ", expected at least that many bases");
    }
    List<Integer> tasks = taskIndices.isEmpty() ? allTasks(model) : taskIndices;
    for (int t : tasks) {
      if (t < 0 || t >= model.taskCount()) {
        throw new IllegalArgumentException("task index " + t + ", expected 0.." + (model.taskCount() - 1));
      }
    }

    // Row 0 is the wild type; rowOf[b * L + j] is the row of the mutant with base b at j, -1 for the
    // wild-type base itself.
    List<String> seqs = new ArrayList<>(3 * length + 1);
    seqs.add(wt);
    int[] rowOf = new int[4 * length];
    char[] buf = wt.toCharArray();
    for (int j = 0; j < length; j++) {
      char original = buf[j];
      for (int b = 0; b < 4; b++) {
        if (ACGT[b] == original) {
          rowOf[b * length + j] = -1;
          continue;
        }
        buf[j] = ACGT[b];
        rowOf[b * length + j] = seqs.size();
        seqs.add(new String(buf));
      }
      buf[j] = original;
    }
    boolean both = strand == StrandMode.STRAND_MODE_BOTH;
    ScoreTable table = scorer.score(model, seqs, both);
    ItemError wtError = table.error(0);
    if (wtError != null) {
      throw new IllegalArgumentException("the scorer rejected the sequence: " + wtError.getMessage());
    }

    List<MutationMap> maps = new ArrayList<>(tasks.size());
    for (int t : tasks) {
      MutationMap.Builder map = MutationMap.newBuilder()
          .setTask(model.taskNames().get(t))
          .setLength(length)
          .setWildTypeScore(table.combined(0, t));
      float[] deltas = deltas(table, rowOf, length, t, Kind.COMBINED);
      for (float d : deltas) {
        map.addDeltas(d);
      }
      for (float v : importance(deltas, length)) {
        map.addImportance(v);
      }
      if (both) {
        for (float d : deltas(table, rowOf, length, t, Kind.FORWARD)) {
          map.addForwardDeltas(d);
        }
        for (float d : deltas(table, rowOf, length, t, Kind.REVERSE)) {
          map.addReverseDeltas(d);
        }
      }
      maps.add(map.build());
    }
    return maps;
  }

  private enum Kind { COMBINED, FORWARD, REVERSE }

  private static float[] deltas(ScoreTable table, int[] rowOf, int length, int task, Kind kind) {
    float[] out = new float[4 * length];
    float wt = value(table, 0, task, kind);
    for (int i = 0; i < out.length; i++) {
      int row = rowOf[i];
      out[i] = row < 0 ? 0f : value(table, row, task, kind) - wt;
    }
    return out;
  }

  private static float value(ScoreTable table, int row, int task, Kind kind) {
    return switch (kind) {
      case COMBINED -> table.combined(row, task);
      case FORWARD -> table.forward(row, task);
      case REVERSE -> table.reverse(row, task);
    };
  }

  /** {@code max(0, -min_b delta(b, j))} for each position j of a flat [4, L] delta matrix. */
  public static float[] importance(float[] deltas, int length) {
    float[] out = new float[length];
    for (int j = 0; j < length; j++) {
      float loss = 0f;
      for (int b = 0; b < 4; b++) {
        loss = Math.max(loss, -deltas[b * length + j]);
      }
      out[j] = loss;
    }
    return out;
  }

  private static List<Integer> allTasks(ScoringModel model) {
    List<Integer> all = new ArrayList<>();
    for (int t = 0; t < model.taskCount(); t++) {
      all.add(t);
    }
    return all;
  }
}
