package io.seqbind.trainer.training;

import io.seqbind.core.metrics.Metrics;
import io.seqbind.core.model.TaskType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Test metrics of scores against labels, as one line of {@code key=value} pairs that a shell, Nextflow or
 * Galaxy can parse: AUC and average precision for binary tasks, Pearson, Spearman and MSE for regression.
 * With several tasks the plain keys are the mean over tasks and each task adds {@code key.TASK} entries.
 * Missing (NaN) labels are skipped.
 */
public final class Evaluation {

  private Evaluation() {}

  /**
   * @param labels {@code [n][tasks]}
   * @param scores {@code [n][tasks]} raw model outputs
   */
  public static Map<String, Double> metrics(TaskType type, List<String> tasks, float[] labels, float[] scores) {
    int t = tasks.size();
    int n = labels.length / t;
    Map<String, Double> out = new LinkedHashMap<>();
    Map<String, Double> sums = new LinkedHashMap<>();
    for (int task = 0; task < t; task++) {
      double[] y = new double[n];
      double[] s = new double[n];
      for (int i = 0; i < n; i++) {
        y[i] = labels[i * t + task];
        s[i] = scores[i * t + task];
      }
      Map<String, Double> one = new LinkedHashMap<>();
      if (type == TaskType.BINARY) {
        one.put("auc", Metrics.rocAuc(y, s));
        one.put("ap", Metrics.averagePrecision(y, s));
      } else {
        one.put("pearson", Metrics.pearson(y, s));
        one.put("spearman", Metrics.spearman(y, s));
        one.put("mse", Metrics.mse(y, s));
      }
      for (Map.Entry<String, Double> e : one.entrySet()) {
        sums.merge(e.getKey(), e.getValue() / t, Double::sum);
        if (t > 1) {
          out.put(e.getKey() + "." + tasks.get(task), e.getValue());
        }
      }
    }
    Map<String, Double> line = new LinkedHashMap<>(sums);
    line.put("n", (double) n);
    line.putAll(out);
    return line;
  }

  /** {@code auc=0.9731 ap=0.9702 n=1000}: four decimals, counts as integers. */
  public static String format(Map<String, Double> metrics) {
    StringBuilder line = new StringBuilder();
    for (Map.Entry<String, Double> e : metrics.entrySet()) {
      if (line.length() > 0) {
        line.append(' ');
      }
      double v = e.getValue();
      line.append(e.getKey()).append('=')
          .append(e.getKey().equals("n") ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.4f", v));
    }
    return line.toString();
  }
}
