package io.seqbind.core.simulate;

import java.util.random.RandomGenerator;

/**
 * Base composition of the sequence around motif sites, used both to draw background sequence and as the
 * null model of a {@link Pwm}'s log-odds score. A GC fraction fixes C = G = gc/2 and A = T = (1-gc)/2, so
 * the background is strand-symmetric and a site scores the same on either strand.
 *
 * @param a probability of A (the four are normalised to sum to one)
 * @param c probability of C
 * @param g probability of G
 * @param t probability of T
 */
public record Background(double a, double c, double g, double t) {

  public Background {
    double[] p = {a, c, g, t};
    double sum = 0;
    for (double x : p) {
      if (!(x > 0) || Double.isInfinite(x)) {
        throw new IllegalArgumentException(
            "background probabilities must be positive and finite, got A=" + a + " C=" + c + " G=" + g + " T=" + t);
      }
      sum += x;
    }
    a /= sum;
    c /= sum;
    g /= sum;
    t /= sum;
  }

  /** Every base with probability 1/4 (GC fraction 0.5). */
  public static Background uniform() {
    return new Background(0.25, 0.25, 0.25, 0.25);
  }

  /** A strand-symmetric background with the given GC fraction, strictly between 0 and 1. */
  public static Background ofGc(double gc) {
    if (!(gc > 0 && gc < 1)) {
      throw new IllegalArgumentException("GC fraction must be strictly between 0 and 1, got " + gc);
    }
    return new Background((1 - gc) / 2, gc / 2, gc / 2, (1 - gc) / 2);
  }

  /** Probability of base index 0..3 (A,C,G,T). */
  public double probability(int base) {
    return switch (base) {
      case 0 -> a;
      case 1 -> c;
      case 2 -> g;
      case 3 -> t;
      default -> throw new IllegalArgumentException("base index must be 0..3, got " + base);
    };
  }

  public double gcFraction() {
    return c + g;
  }

  /** One base drawn from this composition. */
  public char sampleBase(RandomGenerator rng) {
    double u = rng.nextDouble();
    if (u < a) {
      return 'A';
    }
    if (u < a + c) {
      return 'C';
    }
    if (u < a + c + g) {
      return 'G';
    }
    return 'T';
  }

  /** {@code length} bases drawn independently from this composition. */
  public String sample(RandomGenerator rng, int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(sampleBase(rng));
    }
    return out.toString();
  }

  /** Fraction of C and G among the A/C/G/T letters of {@code seq}; 0 when it has none. */
  public static double gcFraction(CharSequence seq) {
    int gc = 0;
    int acgt = 0;
    for (int i = 0; i < seq.length(); i++) {
      int b = Bases.index(seq.charAt(i));
      if (b >= 0) {
        acgt++;
        if (b == 1 || b == 2) {
          gc++;
        }
      }
    }
    return acgt == 0 ? 0 : (double) gc / acgt;
  }
}
