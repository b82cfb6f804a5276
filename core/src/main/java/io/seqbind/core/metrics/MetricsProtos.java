package io.seqbind.core.metrics;

import com.google.protobuf.DoubleValue;
import io.seqbind.core.model.TaskType;
import io.seqbind.proto.v1.TaskMetrics;
import java.util.List;
import java.util.Locale;

/** The contract's {@link io.seqbind.proto.v1.Metrics} of scores against labels, per task and overall. */
public final class MetricsProtos {

  private MetricsProtos() {}

  /**
   * @param labels {@code [n][tasks]}, NaN where not measured (left out of that task's metrics)
   * @param scores {@code [n][tasks]} raw outputs
   */
  public static io.seqbind.proto.v1.Metrics of(TaskType type, List<String> tasks, float[] labels, float[] scores) {
    int t = tasks.size();
    int n = labels.length / t;
    io.seqbind.proto.v1.Metrics.Builder out = io.seqbind.proto.v1.Metrics.newBuilder();
    double[][] sums = new double[5][2]; // auc, ap, pearson, spearman, mse: {sum, count}
    for (int task = 0; task < t; task++) {
      int measured = 0;
      for (int i = 0; i < n; i++) {
        measured += Float.isNaN(labels[i * t + task]) ? 0 : 1;
      }
      double[] y = new double[measured];
      double[] s = new double[measured];
      int positives = 0;
      for (int i = 0, j = 0; i < n; i++) {
        if (!Float.isNaN(labels[i * t + task])) {
          y[j] = labels[i * t + task];
          s[j] = scores[i * t + task];
          positives += y[j] == 1 ? 1 : 0;
          j++;
        }
      }
      TaskMetrics.Builder m = TaskMetrics.newBuilder().setTask(tasks.get(task)).setExamples(measured);
      if (type == TaskType.BINARY) {
        m.setPositives(positives);
        if (positives > 0 && positives < measured) {
          m.setRocAuc(add(sums[0], Metrics.rocAuc(y, s))).setAveragePrecision(add(sums[1], Metrics.averagePrecision(y, s)));
        }
      } else if (measured > 1) {
        m.setPearson(add(sums[2], Metrics.pearson(y, s))).setSpearman(add(sums[3], Metrics.spearman(y, s)))
            .setMse(add(sums[4], Metrics.mse(y, s)));
      }
      out.addPerTask(m);
    }
    TaskMetrics.Builder overall = TaskMetrics.newBuilder().setExamples(n);
    if (sums[0][1] > 0) {
      overall.setRocAuc(mean(sums[0])).setAveragePrecision(mean(sums[1]));
    }
    if (sums[2][1] > 0) {
      overall.setPearson(mean(sums[2])).setSpearman(mean(sums[3])).setMse(mean(sums[4]));
    }
    return out.setOverall(overall).build();
  }

  private static DoubleValue add(double[] sum, double value) {
    if (!Double.isNaN(value)) {
      sum[0] += value;
      sum[1]++;
    }
    return DoubleValue.of(value);
  }

  private static DoubleValue mean(double[] sum) {
    return DoubleValue.of(sum[0] / sum[1]);
  }

  /**
   * One line of {@code key=value} pairs a shell, Nextflow or Galaxy can parse: {@code auc=0.9731 ap=0.9702
   * n=1000} (binary) or {@code pearson=.. spearman=.. mse=.. n=..} (regression); the plain keys are the mean
   * over tasks, and with several tasks each adds {@code key.TASK} entries. Four decimals.
   */
  public static String line(io.seqbind.proto.v1.Metrics metrics) {
    StringBuilder line = new StringBuilder();
    append(line, "", metrics.getOverall());
    line.append(" n=").append(metrics.getOverall().getExamples());
    if (metrics.getPerTaskCount() > 1) {
      for (TaskMetrics task : metrics.getPerTaskList()) {
        append(line, "." + task.getTask(), task);
      }
    }
    return line.toString().strip();
  }

  private static void append(StringBuilder line, String suffix, TaskMetrics m) {
    if (m.hasRocAuc()) {
      pair(line, "auc" + suffix, m.getRocAuc().getValue());
    }
    if (m.hasAveragePrecision()) {
      pair(line, "ap" + suffix, m.getAveragePrecision().getValue());
    }
    if (m.hasPearson()) {
      pair(line, "pearson" + suffix, m.getPearson().getValue());
    }
    if (m.hasSpearman()) {
      pair(line, "spearman" + suffix, m.getSpearman().getValue());
    }
    if (m.hasMse()) {
      pair(line, "mse" + suffix, m.getMse().getValue());
    }
  }

  private static void pair(StringBuilder line, String key, double value) {
    line.append(' ').append(key).append('=').append(String.format(Locale.ROOT, "%.4f", value));
  }
}
