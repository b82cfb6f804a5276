package io.seqbind.cli.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * ROC and precision-recall curves and a reliability (calibration) table of binary scores. Thresholds step
 * through the distinct scores from the highest down, tied scores entering together, as sklearn's
 * {@code roc_curve} and {@code precision_recall_curve} do; so the ROC's trapezoid area equals
 * {@link io.seqbind.core.metrics.Metrics#rocAuc} and the PR curve's step sum equals
 * {@link io.seqbind.core.metrics.Metrics#averagePrecision}. Rows with a NaN label (unknown) are left out.
 */
public final class Curves {

  /** A point of a curve. */
  public record Point(double x, double y) {}

  /** One bin of the reliability table: scores in [from, to), their mean, and the share of positives. */
  public record Bin(double from, double to, int count, double meanScore, double observed) {}

  private Curves() {}

  /** (false positive rate, true positive rate), from (0, 0) to (1, 1). */
  public static List<Point> roc(double[] labels, double[] scores) {
    List<Point> points = new ArrayList<>();
    points.add(new Point(0, 0));
    walk(labels, scores, (tp, fp, p, n) -> points.add(new Point(fp / n, tp / p)));
    return points;
  }

  /** (recall, precision) from the highest threshold down; the first point is (0, precision at the top). */
  public static List<Point> precisionRecall(double[] labels, double[] scores) {
    List<Point> points = new ArrayList<>();
    walk(labels, scores, (tp, fp, p, n) -> {
      if (points.isEmpty()) {
        points.add(new Point(0, tp / (tp + fp)));
      }
      points.add(new Point(tp / p, tp / (tp + fp)));
    });
    return points;
  }

  /** Trapezoid area under a curve of increasing x (the ROC AUC for {@link #roc}). */
  public static double trapezoid(List<Point> curve) {
    double area = 0;
    for (int i = 1; i < curve.size(); i++) {
      area += (curve.get(i).x() - curve.get(i - 1).x()) * (curve.get(i).y() + curve.get(i - 1).y()) / 2;
    }
    return area;
  }

  /** Step area (sum of recall increase x precision): average precision for {@link #precisionRecall}. */
  public static double stepArea(List<Point> curve) {
    double area = 0;
    for (int i = 1; i < curve.size(); i++) {
      area += (curve.get(i).x() - curve.get(i - 1).x()) * curve.get(i).y();
    }
    return area;
  }

  /**
   * Reliability table: scores (probabilities) in {@code bins} equal-width bins over [0, 1]; per bin the
   * count, mean score and observed share of positives. A well-calibrated model has observed near mean.
   */
  public static List<Bin> reliability(double[] labels, double[] scores, int bins) {
    int[] count = new int[bins];
    double[] sum = new double[bins];
    double[] positives = new double[bins];
    for (int i = 0; i < labels.length; i++) {
      if (Double.isNaN(labels[i])) {
        continue;
      }
      int b = Math.min(bins - 1, Math.max(0, (int) Math.floor(scores[i] * bins)));
      count[b]++;
      sum[b] += scores[i];
      positives[b] += labels[i];
    }
    List<Bin> table = new ArrayList<>();
    for (int b = 0; b < bins; b++) {
      table.add(new Bin((double) b / bins, (double) (b + 1) / bins, count[b],
          count[b] == 0 ? Double.NaN : sum[b] / count[b], count[b] == 0 ? Double.NaN : positives[b] / count[b]));
    }
    return table;
  }

  /** Called after each distinct threshold with the counts at or above it and the totals. */
  private interface Step {
    void at(double truePositives, double falsePositives, double positives, double negatives);
  }

  private static void walk(double[] labels, double[] scores, Step step) {
    Integer[] order = new Integer[labels.length];
    int n = 0;
    double positives = 0;
    for (int i = 0; i < labels.length; i++) {
      if (Double.isNaN(labels[i])) {
        continue;
      }
      if (labels[i] != 0 && labels[i] != 1) {
        throw new IllegalArgumentException("curves need 0/1 labels, found " + labels[i]);
      }
      order[n++] = i;
      positives += labels[i];
    }
    double negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      throw new IllegalArgumentException("curves need at least one positive and one negative label");
    }
    Integer[] rows = Arrays.copyOf(order, n);
    Arrays.sort(rows, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
    double tp = 0;
    double fp = 0;
    for (int k = 0; k < n; k++) {
      double label = labels[rows[k]];
      tp += label;
      fp += 1 - label;
      boolean lastOfTie = k == n - 1 || scores[rows[k + 1]] != scores[rows[k]];
      if (lastOfTie) {
        step.at(tp, fp, positives, negatives);
      }
    }
  }
}
