package io.seqbind.trainer.engine;

import io.seqbind.core.model.ModelSpec;
import io.seqbind.trainer.ops.ConvOps;
import io.seqbind.trainer.ops.PoolOps;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Trains M models of one spec at once: each step every model takes a mini-batch from its own training set
 * (its own shuffled order, reshuffled each epoch), the losses and gradients are computed together, and
 * each model is updated with its own settings. Every {@code validateEvery} steps each model is scored on
 * its validation set; the best checkpoint per model is kept, a model out of patience stops updating, the
 * run ends when all have stopped or at {@code maxSteps}, and the best checkpoints are restored.
 *
 * <p>Everything random (initialisation, order, dropout) derives from {@code seed}, and the arithmetic runs
 * in a fixed order, so the same seed on the same ops gives bit-identical weights.
 */
public final class Trainer {

  private final ModelSpec spec;
  private final TrainConfig config;
  private final ConvOps convOps;
  private final PoolOps poolOps;

  public Trainer(ModelSpec spec, TrainConfig config, ConvOps convOps, PoolOps poolOps) {
    this.spec = spec;
    this.config = config;
    this.convOps = convOps;
    this.poolOps = poolOps;
  }

  /** Every model trains on the same data (calibration of settings on one split). */
  public TrainResult train(Batch train, Batch validation, ProgressListener listener) {
    Batch[] t = new Batch[config.models()];
    Batch[] v = new Batch[config.models()];
    Arrays.fill(t, train);
    Arrays.fill(v, validation);
    return train(t, v, listener);
  }

  /** Model m trains on {@code train[m]} and validates on {@code validation[m]} (settings x folds). */
  public TrainResult train(Batch[] train, Batch[] validation, ProgressListener listener) {
    int models = config.models();
    if (train.length != models || validation.length != models) {
      throw new IllegalArgumentException("one training and one validation set per model: " + models);
    }
    int length = train[0].length();
    int tasks = spec.head().tasks();
    int batch = config.batchSize();
    for (int m = 0; m < models; m++) {
      check(train[m], length, tasks, "training set of model " + m);
      check(validation[m], validation[0].length(), tasks, "validation set of model " + m);
      batch = Math.min(batch, train[m].n());
    }
    List<Hyperparameters> hyper = config.hyper();
    float[] dropout = new float[models];
    for (int m = 0; m < models; m++) {
      dropout[m] = (float) hyper.get(m).dropout();
    }
    Network network = new Network(spec, new ParamStore(models), length, batch, convOps, poolOps, dropout,
        config.seed());
    Initializer.initialise(network, hyper, config.seed());
    network.reseedDropout(config.seed());
    Network scorer = network.reshaped(validation[0].length(), 256);
    Optimizer optimizer = Optimizer.of(config.optimizer());
    Loss loss = Loss.of(spec.head().type());
    Validation validator = new Validation(spec.head().type());
    List<Param> params = network.params();

    Sampler[] samplers = new Sampler[models];
    for (int m = 0; m < models; m++) {
      samplers[m] = new Sampler(train[m].n(), new SplittableRandom(config.seed() * 6364136223846793005L + 1442695040888963407L * (m + 1)));
    }
    byte[] bases = new byte[models * batch * length];
    float[] labels = new float[models * batch * tasks];
    float[] grad = new float[labels.length];
    boolean[] active = new boolean[models];
    Arrays.fill(active, true);
    int[] bestStep = new int[models];
    double[] bestMetric = new double[models];
    Arrays.fill(bestMetric, Double.NaN);
    int[] waited = new int[models];
    @SuppressWarnings("unchecked")
    Map<String, float[]>[] best = new Map[models];
    double[] lossSum = new double[models];
    int lossCount = 0;

    int step = 0;
    while (step < config.maxSteps() && anyTrue(active)) {
      step++;
      for (int m = 0; m < models; m++) {
        for (int s = 0; s < batch; s++) {
          int row = samplers[m].next();
          System.arraycopy(train[m].bases(), row * length, bases, (m * batch + s) * length, length);
          System.arraycopy(train[m].labels(), row * tasks, labels, (m * batch + s) * tasks, tasks);
        }
      }
      float[] out = network.forward(bases, batch, true);
      double[] losses = loss.evaluate(out, labels, models, batch, tasks, grad);
      network.backward(grad, batch);
      GradientPolicy.decay(params, hyper, step);
      if (config.clips()) {
        GradientPolicy.clip(params, models, config.clipNorm());
      }
      optimizer.step(params, hyper, active, step);
      for (int m = 0; m < models; m++) {
        lossSum[m] += losses[m];
      }
      lossCount++;

      if (step % config.validateEvery() == 0 || step == config.maxSteps()) {
        float[][] scores = Predictor.predict(scorer, validation);
        double[] metric = new double[models];
        double[] meanLoss = new double[models];
        for (int m = 0; m < models; m++) {
          metric[m] = validator.metric(validation[m], scores[m]);
          meanLoss[m] = lossSum[m] / lossCount;
          if (!active[m]) {
            continue;
          }
          if (validator.better(metric[m], bestMetric[m])) {
            bestMetric[m] = metric[m];
            bestStep[m] = step;
            best[m] = network.store().snapshot(m);
            waited[m] = 0;
          } else if (++waited[m] >= config.patience()) {
            active[m] = false;
          }
        }
        Arrays.fill(lossSum, 0);
        lossCount = 0;
        listener.onValidation(step, meanLoss, metric, active.clone());
      }
    }
    for (int m = 0; m < models; m++) {
      if (best[m] != null) {
        network.store().restore(m, best[m]);
      }
    }
    return new TrainResult(network, step, bestStep, bestMetric, validator.name());
  }

  private static void check(Batch b, int length, int tasks, String what) {
    if (b.length() != length) {
      throw new IllegalArgumentException(what + ": sequences of " + b.length() + " bp, expected " + length);
    }
    if (b.tasks() != tasks) {
      throw new IllegalArgumentException(what + ": " + b.tasks() + " label columns, the model has " + tasks
          + " tasks");
    }
  }

  private static boolean anyTrue(boolean[] values) {
    for (boolean v : values) {
      if (v) {
        return true;
      }
    }
    return false;
  }

  /** Rows of a set in a fresh random order per epoch (Fisher-Yates from the model's own stream). */
  private static final class Sampler {
    private final int[] order;
    private final SplittableRandom random;
    private int next;

    Sampler(int n, SplittableRandom random) {
      this.order = new int[n];
      this.random = random;
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      next = n;
    }

    int next() {
      if (next == order.length) {
        for (int i = order.length - 1; i > 0; i--) {
          int j = random.nextInt(i + 1);
          int tmp = order[i];
          order[i] = order[j];
          order[j] = tmp;
        }
        next = 0;
      }
      return order[next++];
    }
  }
}
