package io.seqbind.core.metrics;

/**
 * Sorting and tie-aware ranking of finite-or-infinite doubles without boxing, for the rank-based metrics.
 * Values are compared numerically, so {@code -0.0} and {@code 0.0} tie (as in NumPy), unlike
 * {@link Double#compare}. NaN must have been rejected by the caller.
 */
final class Ranks {

  private Ranks() {}

  /** Indices of {@code values} in ascending order of value; ties keep their input order. O(n log n). */
  static int[] ascendingOrder(double[] values) {
    int n = values.length;
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    int[] buffer = new int[n];
    for (int width = 1; width < n; width *= 2) {
      for (int lo = 0; lo < n - width; lo += 2 * width) {
        int mid = lo + width;
        int hi = Math.min(lo + 2 * width, n);
        merge(values, order, buffer, lo, mid, hi);
      }
    }
    return order;
  }

  private static void merge(double[] values, int[] order, int[] buffer, int lo, int mid, int hi) {
    System.arraycopy(order, lo, buffer, lo, hi - lo);
    int i = lo;
    int j = mid;
    for (int k = lo; k < hi; k++) {
      if (i < mid && (j >= hi || !(values[buffer[j]] < values[buffer[i]]))) {
        order[k] = buffer[i++];
      } else {
        order[k] = buffer[j++];
      }
    }
  }

  /** 1-based ranks with ties given the mean of the ranks they span (scipy's {@code rankdata(method="average")}). */
  static double[] average(double[] values) {
    int n = values.length;
    int[] order = ascendingOrder(values);
    double[] ranks = new double[n];
    int start = 0;
    while (start < n) {
      int end = start + 1;
      while (end < n && values[order[end]] == values[order[start]]) {
        end++;
      }
      // Positions start..end-1 (0-based) hold ranks start+1..end; their mean is (start + 1 + end) / 2.
      double rank = (start + 1 + end) / 2.0;
      for (int p = start; p < end; p++) {
        ranks[order[p]] = rank;
      }
      start = end;
    }
    return ranks;
  }
}
