package io.seqbind.trainer.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Update rules against hand-computed steps, and convergence on a convex quadratic
 * {@code f(w) = sum a_i/2 (w_i - c_i)^2} whose optimum is known, for two models with different settings.
 */
class OptimizerTest {

  private static final boolean[] BOTH = {true, true};

  private static Param param(float... values) {
    Param p = Param.of("w", 0, true, 1, 1, values.length);
    System.arraycopy(values, 0, p.value(), 0, values.length);
    return p;
  }

  private static float oneStep(OptimizerKind kind, Hyperparameters h, float w, float... grads) {
    Param p = param(w);
    Optimizer optimizer = Optimizer.of(kind);
    for (int t = 0; t < grads.length; t++) {
      p.grad()[0] = grads[t];
      optimizer.step(List.of(p), List.of(h), new boolean[] {true}, t + 1);
    }
    return p.value()[0];
  }

  @Test
  void nesterovStepsByHand() {
    Hyperparameters h = Hyperparameters.defaults(OptimizerKind.SGD_NESTEROV).withLearningRate(0.1).withMomentum(0.9);
    // v1 = 0.5; w1 = 1 - 0.1*(0.5 + 0.9*0.5) = 0.905
    assertEquals(0.905f, oneStep(OptimizerKind.SGD_NESTEROV, h, 1f, 0.5f), 1e-7);
    // v2 = 0.9*0.5 + 0.2 = 0.65; w2 = 0.905 - 0.1*(0.2 + 0.9*0.65) = 0.8265
    assertEquals(0.8265f, oneStep(OptimizerKind.SGD_NESTEROV, h, 1f, 0.5f, 0.2f), 1e-7);
  }

  @Test
  void adamStepByHand() {
    Hyperparameters h = Hyperparameters.defaults(OptimizerKind.ADAM).withLearningRate(0.1);
    // m = 0.1*0.5 = 0.05, v = 0.001*0.25 = 0.00025; mhat = 0.5, vhat = 0.25; w = 1 - 0.1*0.5/(0.5 + 1e-8)
    assertEquals((float) (1 - 0.1 * 0.5 / (0.5 + 1e-8)), oneStep(OptimizerKind.ADAM, h, 1f, 0.5f), 1e-7);
    // second step g = -0.3: m = 0.9*0.05 - 0.03 = 0.015, v = 0.999*0.00025 + 0.001*0.09 = 0.00033975
    double m = 0.015 / (1 - 0.81);
    double v = 0.00033975 / (1 - 0.999 * 0.999);
    double w2 = (1 - 0.1 * 0.5 / (0.5 + 1e-8)) - 0.1 * m / (Math.sqrt(v) + 1e-8);
    assertEquals((float) w2, oneStep(OptimizerKind.ADAM, h, 1f, 0.5f, -0.3f), 2e-7);
  }

  @Test
  void adaDeltaStepByHand() {
    Hyperparameters h = Hyperparameters.defaults(OptimizerKind.ADADELTA); // lr 1, rho 0.95, eps 1e-6
    // E[g2] = 0.05*0.25 = 0.0125; dx = sqrt(1e-6)/sqrt(0.0125 + 1e-6)*0.5
    double dx = Math.sqrt(1e-6) / Math.sqrt(0.0125 + 1e-6) * 0.5;
    assertEquals((float) (1 - dx), oneStep(OptimizerKind.ADADELTA, h, 1f, 0.5f), 1e-7);
  }

  /** Runs {@code steps} updates on the quadratic for two models and returns the parameter. */
  private static Param minimise(OptimizerKind kind, List<Hyperparameters> hyper, int steps) {
    float[] a = {1f, 4f, 0.5f};
    float[] c = {2f, -1f, 0.5f};
    Param p = Param.of("w", 0, true, 1, 2, 3);
    Optimizer optimizer = Optimizer.of(kind);
    for (int t = 1; t <= steps; t++) {
      for (int i = 0; i < 6; i++) {
        p.grad()[i] = a[i % 3] * (p.value()[i] - c[i % 3]);
      }
      GradientPolicy.decay(List.of(p), hyper, t);
      optimizer.step(List.of(p), hyper, BOTH, t);
    }
    return p;
  }

  private static void assertOptimum(Param p, float[] expected, double tolerance) {
    for (int i = 0; i < p.value().length; i++) {
      assertEquals(expected[i], p.value()[i], tolerance, "w[" + i + "]");
    }
  }

  @Test
  void eachOptimizerReachesTheOptimum() {
    float[] optimum = {2f, -1f, 0.5f, 2f, -1f, 0.5f};
    Hyperparameters sgd = Hyperparameters.defaults(OptimizerKind.SGD_NESTEROV);
    assertOptimum(minimise(OptimizerKind.SGD_NESTEROV, List.of(sgd.withLearningRate(0.05), sgd.withLearningRate(0.01)),
        3000), optimum, 1e-4);
    Hyperparameters adam = Hyperparameters.defaults(OptimizerKind.ADAM);
    assertOptimum(minimise(OptimizerKind.ADAM, List.of(adam.withLearningRate(0.01), adam.withLearningRate(0.003)),
        5000), optimum, 1e-3);
    Hyperparameters ada = Hyperparameters.defaults(OptimizerKind.ADADELTA).withEpsilon(1e-4);
    assertOptimum(minimise(OptimizerKind.ADADELTA, List.of(ada, ada.withMomentum(0.9)), 5000), optimum, 1e-3);
  }

  @Test
  void l2DecayMovesTheOptimumAndStartsLate() {
    // a(w - c) + l2*w = 0  =>  w = a*c/(a + l2)
    Hyperparameters sgd = Hyperparameters.defaults(OptimizerKind.SGD_NESTEROV).withLearningRate(0.05);
    Param p = minimise(OptimizerKind.SGD_NESTEROV, List.of(sgd.withDecay(0, 1, 0), sgd.withDecay(0, 1, 100_000)), 3000);
    assertOptimum(p, new float[] {1f, -0.8f, 1f / 6, 2f, -1f, 0.5f}, 1e-4);
    // L1 through a per-layer override: a(w - c) + l1*sign(w) = 0  =>  w = c - l1*sign(c)/a when |c|a > l1
    Hyperparameters l1 = sgd.withLayerDecay(Map.of(0, new double[] {0.25, 0}));
    p = minimise(OptimizerKind.SGD_NESTEROV, List.of(l1, sgd), 3000);
    assertEquals(1.75f, p.value()[0], 1e-3);
    assertEquals(-0.9375f, p.value()[1], 1e-3);
  }

  @Test
  void clippingBoundsEachModelsNorm() {
    Param p = Param.of("w", 0, true, 1, 2, 2);
    p.grad()[0] = 3;
    p.grad()[1] = 4; // model 0: norm 5
    p.grad()[2] = 0.3f;
    p.grad()[3] = 0.4f; // model 1: norm 0.5, untouched
    double[] norms = GradientPolicy.clip(List.of(p), 2, 1.0);
    assertEquals(5, norms[0], 1e-6);
    assertEquals(0.6f, p.grad()[0], 1e-6);
    assertEquals(0.8f, p.grad()[1], 1e-6);
    assertEquals(0.3f, p.grad()[2], 0);
    assertEquals(0.4f, p.grad()[3], 0);
  }
}
