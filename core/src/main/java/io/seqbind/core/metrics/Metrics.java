package io.seqbind.core.metrics;

/**
 * Evaluation metrics, defined to agree with scikit-learn and SciPy (the fixtures in the tests hold their
 * values, to 1e-9), because users compare seqbind's numbers with those they computed in Python.
 *
 * <h2>Common rules</h2>
 * <ul>
 *   <li>{@code labels} and {@code scores} have the same length; element i of each belong together.</li>
 *   <li>A NaN label means "not measured" (a task missing for a sequence in multi-task data): the pair is
 *       skipped, as if absent from both arrays.</li>
 *   <li>A NaN score where the label is present is an error (a model emitting NaN must be noticed), as in
 *       scikit-learn. Infinite scores are allowed and rank as expected.</li>
 *   <li>{@code -0.0} and {@code 0.0} are the same score.</li>
 *   <li>Binary metrics ({@link #rocAuc}, {@link #averagePrecision}) need labels 0 and 1 and both classes
 *       present; with one class they throw {@link IllegalArgumentException} (scikit-learn refuses ROC AUC
 *       then; for average precision it returns a value with a warning, which we do not imitate).</li>
 *   <li>Every metric runs in O(n log n) time or better.</li>
 * </ul>
 */
public final class Metrics {

  private Metrics() {}

  /**
   * Area under the ROC curve, as {@code sklearn.metrics.roc_auc_score}: the trapezoid area over distinct
   * thresholds, which equals the Mann–Whitney statistic with average ranks for ties: the probability that
   * a random positive scores above a random negative, ties counting one half. All scores equal gives 0.5.
   *
   * @throws IllegalArgumentException for mismatched lengths, a label other than 0/1/NaN, a NaN score, or
   *     fewer than one positive and one negative
   */
  public static double rocAuc(double[] labels, double[] scores) {
    Pairs p = Pairs.binary(labels, scores, "ROC AUC");
    double[] ranks = Ranks.average(p.scores);
    double positiveRankSum = 0.0;
    long positives = 0;
    for (int i = 0; i < p.size; i++) {
      if (p.labels[i] == 1.0) {
        positiveRankSum += ranks[i];
        positives++;
      }
    }
    long negatives = p.size - positives;
    double u = positiveRankSum - positives * (positives + 1) / 2.0;
    return u / ((double) positives * negatives);
  }

  /**
   * Average precision, as {@code sklearn.metrics.average_precision_score}: the sum over distinct score
   * thresholds, from the highest down, of (R_n − R_{n−1})·P_n, where P_n and R_n are precision and recall
   * counting every item scored at or above threshold n (tied scores enter together). No interpolation.
   *
   * @throws IllegalArgumentException as for {@link #rocAuc}
   */
  public static double averagePrecision(double[] labels, double[] scores) {
    Pairs p = Pairs.binary(labels, scores, "average precision");
    int[] order = Ranks.ascendingOrder(p.scores);
    long totalPositives = 0;
    for (int i = 0; i < p.size; i++) {
      if (p.labels[i] == 1.0) {
        totalPositives++;
      }
    }
    long truePositives = 0;
    long predicted = 0;
    double previousRecall = 0.0;
    double ap = 0.0;
    int end = p.size;
    while (end > 0) {
      int start = end - 1;
      double threshold = p.scores[order[start]];
      while (start > 0 && p.scores[order[start - 1]] == threshold) {
        start--;
      }
      for (int q = start; q < end; q++) {
        truePositives += p.labels[order[q]] == 1.0 ? 1 : 0;
      }
      predicted += end - start;
      double recall = (double) truePositives / totalPositives;
      double precision = (double) truePositives / predicted;
      ap += (recall - previousRecall) * precision;
      previousRecall = recall;
      end = start;
    }
    return ap;
  }

  /**
   * Pearson's correlation of labels and scores, as {@code scipy.stats.pearsonr(...)[0]}. NaN when either
   * side is constant (zero variance), as SciPy returns (with a warning).
   *
   * @throws IllegalArgumentException for mismatched lengths, a NaN score, or fewer than 2 labelled pairs
   */
  public static double pearson(double[] labels, double[] scores) {
    Pairs p = Pairs.any(labels, scores, "Pearson correlation", 2);
    return correlation(p.labels, p.scores);
  }

  /**
   * Spearman's rank correlation, as {@code scipy.stats.spearmanr(...).correlation}: Pearson's correlation
   * of the average ranks (ties share the mean rank). NaN when either side is constant.
   *
   * @throws IllegalArgumentException as for {@link #pearson}
   */
  public static double spearman(double[] labels, double[] scores) {
    Pairs p = Pairs.any(labels, scores, "Spearman correlation", 2);
    return correlation(Ranks.average(p.labels), Ranks.average(p.scores));
  }

  /**
   * Mean squared error between labels and scores, as {@code sklearn.metrics.mean_squared_error}.
   *
   * @throws IllegalArgumentException for mismatched lengths, a NaN score, or no labelled pair
   */
  public static double mse(double[] labels, double[] scores) {
    Pairs p = Pairs.any(labels, scores, "mean squared error", 1);
    double sum = 0.0;
    for (int i = 0; i < p.size; i++) {
      double d = p.labels[i] - p.scores[i];
      sum += d * d;
    }
    return sum / p.size;
  }

  /** Pearson's r by the two-pass (centred) formula, clipped to [-1, 1]; NaN for a constant side. */
  private static double correlation(double[] x, double[] y) {
    int n = x.length;
    if (isConstant(x) || isConstant(y)) {
      return Double.NaN;
    }
    double mx = mean(x);
    double my = mean(y);
    double sxx = 0.0;
    double syy = 0.0;
    double sxy = 0.0;
    for (int i = 0; i < n; i++) {
      double dx = x[i] - mx;
      double dy = y[i] - my;
      sxx += dx * dx;
      syy += dy * dy;
      sxy += dx * dy;
    }
    if (sxx == 0.0 || syy == 0.0) {
      return Double.NaN;
    }
    double product = sxx * syy;
    // One square root is exact more often (perfect correlation gives exactly +-1); two avoid overflow.
    double norm = Double.isFinite(product) && product > Double.MIN_NORMAL
        ? Math.sqrt(product) : Math.sqrt(sxx) * Math.sqrt(syy);
    double r = sxy / norm;
    return Math.max(-1.0, Math.min(1.0, r));
  }

  private static boolean isConstant(double[] x) {
    for (double v : x) {
      if (v != x[0]) {
        return false;
      }
    }
    return true;
  }

  private static double mean(double[] x) {
    double sum = 0.0;
    for (double v : x) {
      sum += v;
    }
    return sum / x.length;
  }
}
