package io.seqbind.trainer.engine;

import java.util.List;

/**
 * What happens to gradients between back-propagation and the update: weight decay (the gradient of
 * {@code l1*|w| + l2/2*w^2} for weight tensors, from each model's start step on) and clipping of each
 * model's global gradient norm.
 */
public final class GradientPolicy {

  private GradientPolicy() {}

  public static void decay(List<Param> params, List<Hyperparameters> hyper, int step) {
    for (Param p : params) {
      if (!p.weight()) {
        continue;
      }
      for (int m = 0; m < p.models(); m++) {
        Hyperparameters h = hyper.get(m);
        double l1 = h.l1Of(p.layer());
        double l2 = h.l2Of(p.layer());
        if (step < h.decayStartStep() || (l1 == 0 && l2 == 0)) {
          continue;
        }
        float[] w = p.value();
        float[] g = p.grad();
        for (int i = p.offset(m); i < p.offset(m) + p.perModel(); i++) {
          g[i] = (float) (g[i] + l1 * Math.signum(w[i]) + l2 * w[i]);
        }
      }
    }
  }

  /** Scales each model's gradients so that their joint L2 norm is at most {@code maxNorm}; returns the norms. */
  public static double[] clip(List<Param> params, int models, double maxNorm) {
    double[] norms = new double[models];
    for (Param p : params) {
      for (int m = 0; m < models; m++) {
        for (int i = p.offset(m); i < p.offset(m) + p.perModel(); i++) {
          norms[m] += (double) p.grad()[i] * p.grad()[i];
        }
      }
    }
    for (int m = 0; m < models; m++) {
      norms[m] = Math.sqrt(norms[m]);
      if (norms[m] > maxNorm) {
        float scale = (float) (maxNorm / norms[m]);
        for (Param p : params) {
          for (int i = p.offset(m); i < p.offset(m) + p.perModel(); i++) {
            p.grad()[i] *= scale;
          }
        }
      }
    }
    return norms;
  }
}
