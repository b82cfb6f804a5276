package io.seqbind.variant.motifs;

/**
 * The motif of one filter: the position frequency matrix of its aligned sites and its information content.
 *
 * @param frequencies   [4][W], rows A, C, G, T; each column sums to 1 (all zeros when there are no sites)
 * @param information   W values in bits: {@code 2 + sum_b f log2 f} (0 log 0 = 0), 0 without sites
 * @param maxActivation the filter's largest activation over the set (after bias)
 */
public record Motif(int filter, int width, long sites, float maxActivation, double[][] frequencies,
    double[] information) {

  public double totalInformation() {
    double sum = 0;
    for (double v : information) {
      sum += v;
    }
    return sum;
  }

  /** Bits of one column of a frequency matrix. */
  public static double information(double[][] pfm, int j) {
    double h = 0;
    double total = 0;
    for (int b = 0; b < 4; b++) {
      total += pfm[b][j];
      if (pfm[b][j] > 0) {
        h += pfm[b][j] * (Math.log(pfm[b][j]) / Math.log(2));
      }
    }
    return total > 0 ? 2 + h : 0;
  }
}
