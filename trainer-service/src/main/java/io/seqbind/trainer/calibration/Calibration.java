package io.seqbind.trainer.calibration;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.seqbind.core.io.AtomicFiles;
import io.seqbind.core.model.ModelSpec;
import io.seqbind.core.model.TaskType;
import io.seqbind.core.seq.LabeledSequence;
import io.seqbind.core.split.KFold;
import io.seqbind.trainer.engine.Batch;
import io.seqbind.trainer.engine.Hyperparameters;
import io.seqbind.trainer.engine.TrainConfig;
import io.seqbind.trainer.engine.Trainer;
import io.seqbind.trainer.ops.ConvOps;
import io.seqbind.trainer.ops.PoolOps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DeepBind's calibration: every setting is trained on each of k folds and rated by its mean held-out metric,
 * at the validation checkpoint where that mean is best. Settings that share an architecture train together,
 * all their settings x folds as the models of one multi-model run of the engine; settings that change the
 * architecture (DeepBind's pooling and hidden layer) form one such group per architecture.
 *
 * <p>Held-out folds larger than the plan's {@code maxHeldOut} are scored on a seeded random subset of that
 * size (the same subset at every checkpoint and for every setting).
 *
 * <p>Each finished group is saved in the checkpoint directory, so a calibration interrupted by a crash
 * resumes at its first unfinished group and, every group being seeded by its own settings, ends with the
 * same trials as an uninterrupted one.
 */
public final class Calibration {

  /** Receives progress: the group being trained and the step within it. */
  public interface Listener {
    /**
     * @param group       0-based group index
     * @param groups      number of groups
     * @param settings    settings in this group
     * @param step        steps done in this group
     * @param totalSteps  steps per setting
     * @param meanMetric  mean over the group's models of the latest held-out metric
     */
    void onProgress(int group, int groups, int settings, int step, int totalSteps, double meanMetric);
  }

  /**
   * How each setting is trained.
   *
   * @param folds         k
   * @param steps         steps per setting and fold
   * @param validateEvery steps between held-out evaluations (the checkpoints rated)
   * @param seed          folds and every model's initialisation and order
   * @param maxHeldOut    at most this many held-out sequences of each fold are scored at a checkpoint (a
   *                      seeded random subset of the fold when it is larger); the held-out pass of all
   *                      settings x folds is a large part of calibration's time on big sets
   */
  public record Plan(TrainConfig base, int folds, int steps, int validateEvery, long seed, int maxHeldOut) {
    public Plan {
      if (folds < 2) {
        throw new IllegalArgumentException("calibration needs at least 2 folds, got " + folds);
      }
      if (steps < 1 || validateEvery < 1) {
        throw new IllegalArgumentException("calibration steps and validation interval must be >= 1");
      }
      if (maxHeldOut < 2) {
        throw new IllegalArgumentException("calibration needs at least 2 held-out sequences per fold, got "
            + maxHeldOut);
      }
    }

    /** A plan scoring at most {@link #DEFAULT_MAX_HELD_OUT} held-out sequences per fold. */
    public Plan(TrainConfig base, int folds, int steps, int validateEvery, long seed) {
      this(base, folds, steps, validateEvery, seed, DEFAULT_MAX_HELD_OUT);
    }
  }

  /**
   * Held-out sequences scored per fold by default: ELK1's folds (about 3,400) are scored whole; on FOXA1's
   * (28,000) the held-out pass of 90 models would otherwise cost more than their training. A ROC AUC on 4,096
   * balanced examples has a standard error of about 0.005, below the spread between settings worth telling apart.
   */
  public static final int DEFAULT_MAX_HELD_OUT = 4096;

  /** What calibration found: every trial and the best one. */
  public record Result(List<Trial> trials, int bestIndex, String metricName) {
    public Trial best() {
      return trials.get(bestIndex);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ModelSpec base;
  private final Plan plan;
  private final ConvOps convOps;
  private final PoolOps poolOps;

  public Calibration(ModelSpec base, Plan plan, ConvOps convOps, PoolOps poolOps) {
    this.base = base;
    this.plan = plan;
    this.convOps = convOps;
    this.poolOps = poolOps;
  }

  /**
   * @param checkpoints where finished groups are saved and found again; null keeps nothing
   */
  public Result run(List<LabeledSequence> records, List<Setting> settings, Path checkpoints, Listener listener)
      throws IOException {
    if (settings.isEmpty()) {
      throw new IllegalArgumentException("calibration needs at least one setting");
    }
    TaskType type = base.head().type();
    int[] foldOf = type == TaskType.BINARY && records.get(0).taskCount() == 1
        ? KFold.assignStratified(records.stream().mapToDouble(r -> r.label(0)).toArray(), plan.folds(), plan.seed())
        : KFold.assign(records.size(), plan.folds(), plan.seed());
    Batch[] trainFold = new Batch[plan.folds()];
    Batch[] heldOut = new Batch[plan.folds()];
    for (int f = 0; f < plan.folds(); f++) {
      List<LabeledSequence> in = new ArrayList<>();
      List<LabeledSequence> out = new ArrayList<>();
      for (int i = 0; i < records.size(); i++) {
        (foldOf[i] == f ? out : in).add(records.get(i));
      }
      trainFold[f] = Batch.of(in);
      heldOut[f] = Batch.of(out.size() <= plan.maxHeldOut() ? out
          : pick(out, heldOutRows(out.size(), plan.maxHeldOut(), plan.seed() * 31 + f)));
    }
    Map<ModelSpec, List<Setting>> groups = new LinkedHashMap<>();
    for (Setting s : settings) {
      groups.computeIfAbsent(s.architecture(base), k -> new ArrayList<>()).add(s);
    }
    Trial[] trials = new Trial[settings.size()];
    int g = 0;
    for (Map.Entry<ModelSpec, List<Setting>> group : groups.entrySet()) {
      Path saved = checkpoints == null ? null : checkpoints.resolve("group-" + g + ".json");
      double[][][] curves = saved != null && Files.isRegularFile(saved) ? JSON.readValue(saved.toFile(), double[][][].class)
          : trainGroup(group.getKey(), group.getValue(), trainFold, heldOut, g, groups.size(), listener);
      if (saved != null && !Files.isRegularFile(saved)) {
        AtomicFiles.write(saved, out -> JSON.writeValue(out, curves));
      }
      int[] steps = checkpointSteps();
      for (int s = 0; s < group.getValue().size(); s++) {
        Setting setting = group.getValue().get(s);
        trials[setting.index()] = rate(setting, steps, curves[s], type);
      }
      g++;
    }
    List<Trial> all = List.of(trials);
    int best = 0;
    for (int i = 1; i < all.size(); i++) {
      if (better(all.get(i).meanMetric(), all.get(best).meanMetric(), type)) {
        best = i;
      }
    }
    return new Result(all, best, type == TaskType.BINARY ? "auc" : "mse");
  }

  /** {@code cap} distinct rows of {@code n}, in increasing order, drawn by a seeded partial Fisher-Yates shuffle. */
  static int[] heldOutRows(int n, int cap, long seed) {
    int[] rows = new int[n];
    for (int i = 0; i < n; i++) {
      rows[i] = i;
    }
    if (cap >= n) {
      return rows;
    }
    java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
    for (int i = 0; i < cap; i++) {
      int j = i + random.nextInt(n - i);
      int tmp = rows[i];
      rows[i] = rows[j];
      rows[j] = tmp;
    }
    int[] kept = java.util.Arrays.copyOf(rows, cap);
    java.util.Arrays.sort(kept);
    return kept;
  }

  private static List<LabeledSequence> pick(List<LabeledSequence> records, int[] rows) {
    List<LabeledSequence> out = new ArrayList<>(rows.length);
    for (int row : rows) {
      out.add(records.get(row));
    }
    return out;
  }

  /** The steps at which the trainer validates: every validateEvery, and the last step. */
  private int[] checkpointSteps() {
    List<Integer> steps = new ArrayList<>();
    for (int s = plan.validateEvery(); s < plan.steps(); s += plan.validateEvery()) {
      steps.add(s);
    }
    steps.add(plan.steps());
    return steps.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Per setting, per fold, the held-out metric at each checkpoint: {@code [settings][folds][checkpoints]}. */
  private double[][][] trainGroup(ModelSpec spec, List<Setting> group, Batch[] trainFold, Batch[] heldOut, int g,
      int groups, Listener listener) {
    int folds = plan.folds();
    int models = group.size() * folds;
    List<Hyperparameters> hyper = new ArrayList<>(models);
    Batch[] train = new Batch[models];
    Batch[] validation = new Batch[models];
    for (int s = 0; s < group.size(); s++) {
      Hyperparameters h = group.get(s).hyperparameters(spec, plan.base().optimizer(), plan.base().hyper().get(0));
      for (int f = 0; f < folds; f++) {
        hyper.add(h);
        train[s * folds + f] = trainFold[f];
        validation[s * folds + f] = heldOut[f];
      }
    }
    // No early stopping: every model runs every step, so each checkpoint of the curve is defined.
    TrainConfig config = new TrainConfig(plan.base().optimizer(), plan.base().batchSize(), plan.steps(),
        plan.validateEvery(), Integer.MAX_VALUE, plan.seed() + 7919L * group.get(0).index(), plan.base().clipNorm(),
        hyper);
    int checkpoints = checkpointSteps().length;
    double[][][] curves = new double[group.size()][folds][checkpoints];
    int[] at = {0};
    new Trainer(spec, config, convOps, poolOps).train(train, validation, (step, loss, metric, active) -> {
      double sum = 0;
      for (int m = 0; m < models; m++) {
        curves[m / folds][m % folds][at[0]] = metric[m];
        sum += metric[m];
      }
      at[0]++;
      listener.onProgress(g, groups, group.size(), step, plan.steps(), sum / models);
    });
    return curves;
  }

  private static Trial rate(Setting setting, int[] steps, double[][] foldCurves, TaskType type) {
    int bestAt = -1;
    double bestMean = Double.NaN;
    for (int c = 0; c < steps.length; c++) {
      double sum = 0;
      for (double[] curve : foldCurves) {
        sum += curve[c];
      }
      double mean = sum / foldCurves.length;
      if (better(mean, bestMean, type)) {
        bestMean = mean;
        bestAt = c;
      }
    }
    double[] foldMetrics = new double[foldCurves.length];
    for (int f = 0; f < foldCurves.length; f++) {
      foldMetrics[f] = bestAt < 0 ? Double.NaN : foldCurves[f][bestAt];
    }
    return new Trial(setting, steps, foldCurves, bestAt < 0 ? steps[steps.length - 1] : steps[bestAt], foldMetrics,
        bestMean);
  }

  private static boolean better(double candidate, double best, TaskType type) {
    if (Double.isNaN(candidate)) {
      return false;
    }
    return Double.isNaN(best) || (type == TaskType.BINARY ? candidate > best : candidate < best);
  }
}
