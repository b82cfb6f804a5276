package io.seqbind.trainer.engine;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Updates parameters from their gradients, model by model with each model's own settings. Models marked
 * inactive (stopped early) are left untouched. State (momentum, moving averages) is kept per parameter;
 * arithmetic is in double, stored as float.
 */
public abstract class Optimizer {

  private final Map<Param, float[][]> state = new IdentityHashMap<>();

  public static Optimizer of(OptimizerKind kind) {
    return switch (kind) {
      case SGD_NESTEROV -> new Nesterov();
      case ADADELTA -> new AdaDelta();
      case ADAM -> new Adam();
    };
  }

  /** One update; {@code step} counts from 1 (Adam's bias correction uses it). */
  public void step(List<Param> params, List<Hyperparameters> hyper, boolean[] active, int step) {
    for (Param p : params) {
      float[][] s = state.computeIfAbsent(p, k -> new float[slots()][k.value().length]);
      for (int m = 0; m < p.models(); m++) {
        if (active[m]) {
          update(p.value(), p.grad(), s, p.offset(m), p.offset(m) + p.perModel(), hyper.get(m), step);
        }
      }
    }
  }

  /** Arrays of state per parameter element. */
  abstract int slots();

  abstract void update(float[] w, float[] g, float[][] s, int from, int to, Hyperparameters h, int step);

  /**
   * Nesterov momentum in PyTorch's form: {@code v = mu*v + g; w -= lr*(g + mu*v)}, which for a constant
   * learning rate is Sutskever's look-ahead update that DeepBind used.
   */
  static final class Nesterov extends Optimizer {
    @Override
    int slots() {
      return 1;
    }

    @Override
    void update(float[] w, float[] g, float[][] s, int from, int to, Hyperparameters h, int step) {
      float[] v = s[0];
      for (int i = from; i < to; i++) {
        double vi = h.momentum() * v[i] + g[i];
        v[i] = (float) vi;
        w[i] = (float) (w[i] - h.learningRate() * (g[i] + h.momentum() * vi));
      }
    }
  }

  /**
   * Zeiler's AdaDelta: {@code E[g2] = rho*E[g2] + (1-rho)*g^2; dx = sqrt(E[dx2]+eps)/sqrt(E[g2]+eps)*g;
   * E[dx2] = rho*E[dx2] + (1-rho)*dx^2; w -= lr*dx}.
   */
  static final class AdaDelta extends Optimizer {
    @Override
    int slots() {
      return 2;
    }

    @Override
    void update(float[] w, float[] g, float[][] s, int from, int to, Hyperparameters h, int step) {
      double rho = h.momentum();
      double eps = h.epsilon();
      float[] eg2 = s[0];
      float[] edx2 = s[1];
      for (int i = from; i < to; i++) {
        double gi = g[i];
        double a = rho * eg2[i] + (1 - rho) * gi * gi;
        double dx = Math.sqrt(edx2[i] + eps) / Math.sqrt(a + eps) * gi;
        eg2[i] = (float) a;
        edx2[i] = (float) (rho * edx2[i] + (1 - rho) * dx * dx);
        w[i] = (float) (w[i] - h.learningRate() * dx);
      }
    }
  }

  /** Adam with bias correction: {@code w -= lr * mhat / (sqrt(vhat) + eps)}. */
  static final class Adam extends Optimizer {
    @Override
    int slots() {
      return 2;
    }

    @Override
    void update(float[] w, float[] g, float[][] s, int from, int to, Hyperparameters h, int step) {
      double b1 = h.momentum();
      double b2 = h.beta2();
      double c1 = 1 - Math.pow(b1, step);
      double c2 = 1 - Math.pow(b2, step);
      float[] m1 = s[0];
      float[] m2 = s[1];
      for (int i = from; i < to; i++) {
        double gi = g[i];
        double a = b1 * m1[i] + (1 - b1) * gi;
        double b = b2 * m2[i] + (1 - b2) * gi * gi;
        m1[i] = (float) a;
        m2[i] = (float) b;
        w[i] = (float) (w[i] - h.learningRate() * (a / c1) / (Math.sqrt(b / c2) + h.epsilon()));
      }
    }
  }
}
