package io.seqbind.trainer.engine;

import io.seqbind.core.model.Logits;
import io.seqbind.core.model.TaskType;

/**
 * The training losses, each model's loss the mean over its labelled (non-NaN) entries so that models never
 * influence one another and missing labels (multi-task data) contribute nothing.
 */
public enum Loss {

  /** Binary cross-entropy on logits, in the stable form {@code max(z,0) - z*y + log(1 + exp(-|z|))}. */
  BCE_WITH_LOGITS {
    @Override
    double value(double z, double y) {
      return Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
    }

    @Override
    double gradient(double z, double y) {
      return Logits.probability(z) - y;
    }
  },

  /** Squared error {@code (z - y)^2}. */
  MSE {
    @Override
    double value(double z, double y) {
      return (z - y) * (z - y);
    }

    @Override
    double gradient(double z, double y) {
      return 2 * (z - y);
    }
  };

  abstract double value(double z, double y);

  abstract double gradient(double z, double y);

  public static Loss of(TaskType type) {
    return type == TaskType.BINARY ? BCE_WITH_LOGITS : MSE;
  }

  /**
   * Writes the gradient of each model's mean loss into {@code grad} and returns the losses.
   *
   * @param out    {@code [models][n][tasks]} network outputs
   * @param labels same layout; NaN entries are masked (zero gradient)
   * @return per model the mean loss over labelled entries (NaN when a model has none)
   */
  public double[] evaluate(float[] out, float[] labels, int models, int n, int tasks, float[] grad) {
    double[] losses = new double[models];
    int per = n * tasks;
    for (int m = 0; m < models; m++) {
      int count = 0;
      for (int i = m * per; i < (m + 1) * per; i++) {
        if (!Float.isNaN(labels[i])) {
          count++;
        }
      }
      double sum = 0;
      for (int i = m * per; i < (m + 1) * per; i++) {
        if (Float.isNaN(labels[i])) {
          grad[i] = 0f;
        } else {
          sum += value(out[i], labels[i]);
          grad[i] = (float) (gradient(out[i], labels[i]) / count);
        }
      }
      losses[m] = count == 0 ? Double.NaN : sum / count;
    }
    return losses;
  }
}
