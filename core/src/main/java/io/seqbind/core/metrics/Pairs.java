package io.seqbind.core.metrics;

/**
 * The labelled (label, score) pairs a metric works on: input validated, NaN labels dropped, {@code -0.0}
 * folded into {@code 0.0}. Keeps the checks and their messages in one place for every metric.
 */
final class Pairs {

  final double[] labels;
  final double[] scores;
  final int size;

  private Pairs(double[] labels, double[] scores, int size) {
    this.labels = labels;
    this.scores = scores;
    this.size = size;
  }

  /** Pairs for a metric of any real labels; at least {@code minimum} labelled pairs. */
  static Pairs any(double[] labels, double[] scores, String metric, int minimum) {
    if (labels.length != scores.length) {
      throw new IllegalArgumentException(metric + ": " + labels.length + " labels but " + scores.length
          + " scores; they must pair up one to one");
    }
    int kept = 0;
    for (double label : labels) {
      if (!Double.isNaN(label)) {
        kept++;
      }
    }
    double[] l = new double[kept];
    double[] s = new double[kept];
    int j = 0;
    for (int i = 0; i < labels.length; i++) {
      if (Double.isNaN(labels[i])) {
        continue;
      }
      if (Double.isNaN(scores[i])) {
        throw new IllegalArgumentException(metric + ": score " + i + " is NaN (its label is " + labels[i]
            + "); a model that outputs NaN needs fixing before it is evaluated");
      }
      l[j] = labels[i] + 0.0;
      s[j] = scores[i] + 0.0;
      j++;
    }
    if (kept < minimum) {
      throw new IllegalArgumentException(metric + " needs at least " + minimum + " labelled pair"
          + (minimum == 1 ? "" : "s") + "; got " + kept + " (of " + labels.length + ", NaN labels skipped)");
    }
    return new Pairs(l, s, kept);
  }

  /** Pairs for a binary metric: labels 0 or 1 and both classes present. */
  static Pairs binary(double[] labels, double[] scores, String metric) {
    Pairs p = any(labels, scores, metric, 0);
    int positives = 0;
    for (int i = 0; i < p.size; i++) {
      if (p.labels[i] == 1.0) {
        positives++;
      } else if (p.labels[i] != 0.0) {
        throw new IllegalArgumentException(metric + " needs labels 0 or 1 (NaN for missing); found "
            + p.labels[i]);
      }
    }
    if (positives == 0 || positives == p.size) {
      throw new IllegalArgumentException(metric + " is undefined with only one class present: "
          + positives + " positives and " + (p.size - positives) + " negatives among " + p.size
          + " labelled items; it needs both");
    }
    return p;
  }
}
