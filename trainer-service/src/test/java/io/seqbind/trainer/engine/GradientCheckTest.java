package io.seqbind.trainer.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqbind.core.model.LayerSpec;
import io.seqbind.core.model.LayerSpec.BatchNorm;
import io.seqbind.core.model.LayerSpec.Conv;
import io.seqbind.core.model.LayerSpec.Dense;
import io.seqbind.core.model.LayerSpec.Dropout;
import io.seqbind.core.model.LayerSpec.GlobalPool;
import io.seqbind.core.model.LayerSpec.LocalMaxPool;
import io.seqbind.core.model.LayerSpec.Relu;
import io.seqbind.core.model.ModelSpec;
import io.seqbind.core.model.OutputHead;
import io.seqbind.core.model.PoolMode;
import io.seqbind.core.model.ReverseComplement;
import io.seqbind.core.model.TaskType;
import io.seqbind.trainer.ops.JavaOps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every layer kind's backward pass against central finite differences of {@link DoubleReference}, a
 * double-precision forward pass written independently of the engine. Two models train side by side with
 * different weights, so a gradient leaking between models also fails. Inputs include ambiguous bases and
 * a NaN (missing) label.
 *
 * <p>Tolerance: the engine computes in float, the reference in double with step 1e-6, so each gradient
 * element must agree within {@code 2e-3 * |numeric| + 1e-4 * (largest |numeric| of its tensor)}.
 */
class GradientCheckTest {

  private static final int MODELS = 2;
  private static final int N = 4;
  private static final int LENGTH = 16;
  private final JavaOps ops = new JavaOps();

  private static ModelSpec spec(TaskType type, ReverseComplement rc, LayerSpec... layers) {
    return new ModelSpec("check", List.of(layers), new OutputHead(2, type), rc);
  }

  @Test
  void convReluGlobalMaxBinary() {
    check(spec(TaskType.BINARY, ReverseComplement.OFF, new Conv(3, 4, 1), new Relu(), new GlobalPool(PoolMode.MAX)), 1);
  }

  @Test
  void globalAverage() {
    check(spec(TaskType.BINARY, ReverseComplement.OFF, new Conv(3, 4, 1), new Relu(), new GlobalPool(PoolMode.AVG)), 2);
  }

  @Test
  void globalMaxPlusAverageWithHiddenLayer() {
    check(spec(TaskType.BINARY, ReverseComplement.OFF, new Conv(3, 4, 1), new Relu(),
        new GlobalPool(PoolMode.MAX_AVG), new Dense(5), new Relu()), 3);
  }

  @Test
  void localPoolDilatedSecondConvDenseDropout() {
    check(spec(TaskType.BINARY, ReverseComplement.OFF, new Conv(3, 3, 1), new Relu(), new LocalMaxPool(3, 2),
        new Conv(4, 2, 2), new Relu(), new GlobalPool(PoolMode.MAX), new Dense(5), new Relu(), new Dropout(0.4)), 4);
  }

  @Test
  void localPoolFlattenedIntoDense() {
    check(spec(TaskType.BINARY, ReverseComplement.OFF, new Conv(3, 5, 1), new Relu(), new LocalMaxPool(3, 3),
        new Dense(4), new Relu()), 5);
  }

  @Test
  void batchNormAfterConvAndDense() {
    check(spec(TaskType.BINARY, ReverseComplement.OFF, new Conv(3, 4, 1), BatchNorm.standard(), new Relu(),
        new LocalMaxPool(2, 2), new Dense(5), BatchNorm.standard(), new Relu()), 6);
  }

  @Test
  void regressionMse() {
    check(spec(TaskType.REGRESSION, ReverseComplement.OFF, new Conv(3, 4, 1), new Relu(),
        new GlobalPool(PoolMode.MAX_AVG), new Dense(4), new Relu()), 7);
  }

  @Test
  void reverseComplementMax() {
    check(spec(TaskType.BINARY, ReverseComplement.MAX, new Conv(3, 4, 1), new Relu(), new GlobalPool(PoolMode.MAX),
        new Dense(4), new Relu(), new Dropout(0.3)), 8);
  }

  @Test
  void reverseComplementMeanWithBatchNorm() {
    check(spec(TaskType.REGRESSION, ReverseComplement.MEAN, new Conv(3, 4, 1), BatchNorm.standard(), new Relu(),
        new GlobalPool(PoolMode.MAX_AVG)), 9);
  }

  private void check(ModelSpec spec, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int tasks = spec.head().tasks();
    float[] rates = new float[MODELS];
    Arrays.fill(rates, Float.NaN);
    Network net = new Network(spec, new ParamStore(MODELS), LENGTH, N, ops, ops, rates, seed);
    Initializer.initialise(net, List.of(Hyperparameters.defaults(OptimizerKind.ADAM),
        Hyperparameters.defaults(OptimizerKind.ADAM)), seed);
    for (Param p : net.params()) {
      if (!p.weight()) { // non-zero biases, shifts and scales, so their gradients are exercised too
        for (int i = 0; i < p.value().length; i++) {
          p.value()[i] += (float) (0.2 * random.nextGaussian());
        }
      }
    }
    byte[] bases = new byte[MODELS * N * LENGTH];
    for (int i = 0; i < bases.length; i++) {
      bases[i] = (byte) (random.nextInt(20) == 0 ? 4 : random.nextInt(4));
    }
    float[] labels = new float[MODELS * N * tasks];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = spec.head().type() == TaskType.BINARY ? random.nextInt(2) : (float) random.nextGaussian();
    }
    labels[1] = Float.NaN; // model 0, sample 0, task 1: missing
    labels[labels.length - 1] = Float.NaN;

    float[] out = net.forward(bases, N, true).clone();
    float[] grad = new float[labels.length];
    double[] losses = Loss.of(spec.head().type()).evaluate(out, labels, MODELS, N, tasks, grad);
    net.backward(grad, N);

    for (int m = 0; m < MODELS; m++) {
      byte[][] mb = new byte[N][LENGTH];
      double[][] ml = new double[N][tasks];
      for (int s = 0; s < N; s++) {
        for (int q = 0; q < LENGTH; q++) {
          mb[s][q] = bases[(m * N + s) * LENGTH + q];
        }
        for (int t = 0; t < tasks; t++) {
          ml[s][t] = labels[(m * N + s) * tasks + t];
        }
      }
      List<double[]> masks = new ArrayList<>();
      for (DropoutLayer d : net.dropoutLayers()) {
        int per = d.mask().length / MODELS;
        double[] mask = new double[per];
        for (int i = 0; i < per; i++) {
          mask[i] = d.mask()[m * per + i];
        }
        masks.add(mask);
      }
      Map<String, double[]> params = new LinkedHashMap<>();
      for (Param p : net.params()) {
        double[] v = new double[p.perModel()];
        for (int i = 0; i < v.length; i++) {
          v[i] = p.value()[p.offset(m) + i];
        }
        params.put(p.name(), v);
      }
      DoubleReference ref = new DoubleReference(spec, params, masks);
      double[][] refOut = ref.forward(mb);
      for (int s = 0; s < N; s++) {
        for (int t = 0; t < tasks; t++) {
          assertEquals(refOut[s][t], out[(m * N + s) * tasks + t], 1e-4 * (1 + Math.abs(refOut[s][t])),
              "forward output of model " + m + " sample " + s + " task " + t);
        }
      }
      assertEquals(ref.loss(mb, ml), losses[m], 1e-5, "loss of model " + m);

      for (Param p : net.params()) {
        double[] v = params.get(p.name());
        double[] numeric = new double[v.length];
        double largest = 0;
        for (int i = 0; i < v.length; i++) {
          double keep = v[i];
          double h = 1e-6;
          v[i] = keep + h;
          double up = ref.loss(mb, ml);
          v[i] = keep - h;
          double down = ref.loss(mb, ml);
          v[i] = keep;
          numeric[i] = (up - down) / (2 * h);
          largest = Math.max(largest, Math.abs(numeric[i]));
        }
        boolean biasBeforeNorm = p.name().endsWith(".bias") && p.layer() + 1 < spec.layers().size()
            && spec.layers().get(p.layer() + 1) instanceof BatchNorm;
        if (biasBeforeNorm) { // batch norm subtracts the mean, so this bias cannot matter
          for (int i = 0; i < v.length; i++) {
            assertEquals(0, p.grad()[p.offset(m) + i], 1e-5, p.name() + "[" + i + "] before batch norm");
          }
          continue;
        }
        assertTrue(largest > 1e-6, p.name() + " of model " + m + " has no gradient at all: a vacuous check");
        for (int i = 0; i < v.length; i++) {
          double analytic = p.grad()[p.offset(m) + i];
          double allowed = 2e-3 * Math.abs(numeric[i]) + 1e-4 * largest;
          assertEquals(numeric[i], analytic, allowed, p.name() + "[" + i + "] of model " + m);
        }
      }
    }
  }
}
