package io.seqbind.core.split;

import io.seqbind.core.shuffle.Seeds;
import java.util.Arrays;

/**
 * Seeded train/validation/test split by fractions (Zeng et al. use 80% / 20%; a validation part is for
 * early stopping). Part sizes are the fractions of {@code n} rounded by the largest-remainder method, so
 * they always add up to {@code n} exactly; remainders that tie go to train, then validation, then test.
 * Which items go where is a uniform random choice fixed by the seed.
 */
public final class FractionSplit {

  private static final double SUM_TOLERANCE = 1e-9;

  private FractionSplit() {}

  /**
   * Splits indices 0 .. n-1.
   *
   * @throws IllegalArgumentException if a fraction is negative or NaN, or the fractions do not sum to 1
   */
  public static TrainValidationTest split(int n, double train, double validation, double test, long seed) {
    if (n < 0) {
      throw new IllegalArgumentException("n must be >= 0, got " + n);
    }
    double[] fractions = {train, validation, test};
    for (double f : fractions) {
      if (!(f >= 0.0 && f <= 1.0)) {
        throw new IllegalArgumentException(
            "fractions must lie in [0, 1]; got train=" + train + ", validation=" + validation + ", test=" + test);
      }
    }
    if (Math.abs(train + validation + test - 1.0) > SUM_TOLERANCE) {
      throw new IllegalArgumentException("train + validation + test fractions must sum to 1; got "
          + train + " + " + validation + " + " + test + " = " + (train + validation + test));
    }
    int[] sizes = sizes(n, fractions);
    int[] order = Permutations.identity(n);
    Permutations.shuffle(order, Seeds.random(seed));
    int[] a = Arrays.copyOfRange(order, 0, sizes[0]);
    int[] b = Arrays.copyOfRange(order, sizes[0], sizes[0] + sizes[1]);
    int[] c = Arrays.copyOfRange(order, sizes[0] + sizes[1], n);
    Arrays.sort(a);
    Arrays.sort(b);
    Arrays.sort(c);
    return new TrainValidationTest(a, b, c);
  }

  /** Largest-remainder rounding of {@code n * fractions[i]}, summing to {@code n}. */
  static int[] sizes(int n, double[] fractions) {
    int[] sizes = new int[fractions.length];
    double[] remainder = new double[fractions.length];
    int assigned = 0;
    for (int i = 0; i < fractions.length; i++) {
      double exact = n * fractions[i];
      sizes[i] = (int) Math.floor(exact);
      remainder[i] = exact - sizes[i];
      assigned += sizes[i];
    }
    // The floors can overshoot only through rounding of fractions summing to 1 + tiny; trim from the end.
    for (int i = fractions.length - 1; assigned > n && i >= 0; i--) {
      int cut = Math.min(sizes[i], assigned - n);
      sizes[i] -= cut;
      assigned -= cut;
    }
    while (assigned < n) {
      int best = 0;
      for (int i = 1; i < fractions.length; i++) {
        if (remainder[i] > remainder[best]) {
          best = i;
        }
      }
      sizes[best]++;
      remainder[best] = -1.0;
      assigned++;
    }
    return sizes;
  }
}
