package io.seqbind.trainer.engine;

import io.seqbind.core.metrics.Metrics;
import io.seqbind.core.model.TaskType;

/**
 * The validation metric: for binary tasks the ROC AUC (core {@link Metrics}) averaged over the tasks that
 * have both classes, higher is better; for regression the MSE over labelled entries, lower is better.
 */
public final class Validation {

  private final TaskType type;

  public Validation(TaskType type) {
    this.type = type;
  }

  String name() {
    return type == TaskType.BINARY ? "auc" : "mse";
  }

  boolean better(double candidate, double best) {
    if (Double.isNaN(candidate)) {
      return false;
    }
    if (Double.isNaN(best)) {
      return true;
    }
    return type == TaskType.BINARY ? candidate > best : candidate < best;
  }

  /** The metric of {@code scores} ({@code [n][tasks]}) against the set's labels; NaN when undefined. */
  public double metric(Batch set, float[] scores) {
    int tasks = set.tasks();
    if (type == TaskType.REGRESSION) {
      double[] labels = new double[scores.length];
      double[] values = new double[scores.length];
      for (int i = 0; i < scores.length; i++) {
        labels[i] = set.labels()[i];
        values[i] = scores[i];
      }
      return Metrics.mse(labels, values);
    }
    double sum = 0;
    int counted = 0;
    for (int t = 0; t < tasks; t++) {
      double[] labels = new double[set.n()];
      double[] values = new double[set.n()];
      boolean pos = false;
      boolean neg = false;
      for (int i = 0; i < set.n(); i++) {
        labels[i] = set.labels()[i * tasks + t];
        values[i] = scores[i * tasks + t];
        pos |= labels[i] == 1;
        neg |= labels[i] == 0;
      }
      if (pos && neg) {
        sum += Metrics.rocAuc(labels, values);
        counted++;
      }
    }
    return counted == 0 ? Double.NaN : sum / counted;
  }
}
