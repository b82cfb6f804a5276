package io.seqbind.core.simulate;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A position probability matrix: for each of {@code W} positions, the probability of A, C, G and T at
 * that position of a binding site. It is the generative model the simulator plants (sampling a site) and
 * the yardstick tests use to check a planted site (log-odds score against a {@link Background}).
 * Immutable.
 */
public final class Pwm {

  /** Tolerance on each position's probabilities summing to one. */
  private static final double SUM_TOLERANCE = 1e-6;

  private final String name;
  /** probs[position][base], base in A,C,G,T order. */
  private final double[][] probs;

  private Pwm(String name, double[][] probs) {
    this.name = name;
    this.probs = probs;
  }

  /**
   * A motif from a 4 x W matrix in JASPAR's layout: row 0 is A, then C, G, T; column j is position j.
   * Each column must sum to one (within 1e-6) and hold no negative value.
   */
  public static Pwm of(String name, double[][] rowsAcgt) {
    Objects.requireNonNull(rowsAcgt, "matrix");
    if (rowsAcgt.length != 4) {
      throw new IllegalArgumentException(name + ": a PWM has 4 rows (A,C,G,T), got " + rowsAcgt.length);
    }
    int width = rowsAcgt[0].length;
    double[][] columns = new double[width][4];
    for (int b = 0; b < 4; b++) {
      if (rowsAcgt[b].length != width) {
        throw new IllegalArgumentException(name + ": row " + Bases.letter(b) + " has " + rowsAcgt[b].length
            + " columns, row A has " + width);
      }
      for (int j = 0; j < width; j++) {
        columns[j][b] = rowsAcgt[b][j];
      }
    }
    return fromColumns(name, columns);
  }

  /**
   * A motif written one position per entry: {@code columns[j] = {pA, pC, pG, pT}}. This is the layout in
   * which a motif is easiest to read and write by hand. Each position must sum to one (within 1e-6).
   */
  public static Pwm fromColumns(String name, double[][] columns) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(columns, "columns");
    if (columns.length == 0) {
      throw new IllegalArgumentException(name + ": a PWM needs at least one position");
    }
    double[][] copy = new double[columns.length][];
    for (int j = 0; j < columns.length; j++) {
      double[] col = columns[j];
      if (col == null || col.length != 4) {
        throw new IllegalArgumentException(name + ": position " + (j + 1) + " needs 4 probabilities (A,C,G,T)");
      }
      double sum = 0;
      for (double p : col) {
        if (!(p >= 0) || Double.isInfinite(p)) {
          throw new IllegalArgumentException(name + ": position " + (j + 1) + " has a negative or non-finite probability");
        }
        sum += p;
      }
      if (Math.abs(sum - 1) > SUM_TOLERANCE) {
        throw new IllegalArgumentException(name + ": position " + (j + 1) + " sums to " + sum + ", expected 1");
      }
      copy[j] = col.clone();
    }
    return new Pwm(name, copy);
  }

  /**
   * A motif from counts (a 4 x W matrix, rows A,C,G,T), each column normalised after adding
   * {@code pseudocount} to every cell so that no base gets probability zero.
   */
  public static Pwm fromCounts(String name, double[][] countsAcgt, double pseudocount) {
    if (countsAcgt.length != 4) {
      throw new IllegalArgumentException(name + ": a count matrix has 4 rows (A,C,G,T), got " + countsAcgt.length);
    }
    int width = countsAcgt[0].length;
    double[][] columns = new double[width][4];
    for (int j = 0; j < width; j++) {
      double sum = 0;
      for (int b = 0; b < 4; b++) {
        columns[j][b] = countsAcgt[b][j] + pseudocount;
        sum += columns[j][b];
      }
      if (!(sum > 0)) {
        throw new IllegalArgumentException(name + ": position " + (j + 1) + " has no counts");
      }
      for (int b = 0; b < 4; b++) {
        columns[j][b] /= sum;
      }
    }
    return fromColumns(name, columns);
  }

  public String name() {
    return name;
  }

  public int width() {
    return probs.length;
  }

  /** Probability of base {@code base} (0..3 for A,C,G,T) at {@code position} (0-based). */
  public double probability(int position, int base) {
    return probs[position][base];
  }

  /** A copy of the matrix as 4 rows (A,C,G,T) of W columns. */
  public double[][] toRows() {
    double[][] rows = new double[4][width()];
    for (int j = 0; j < width(); j++) {
      for (int b = 0; b < 4; b++) {
        rows[b][j] = probs[j][b];
      }
    }
    return rows;
  }

  /** One site drawn position by position from the matrix, read on the motif's own strand. */
  public String sample(RandomGenerator rng) {
    StringBuilder out = new StringBuilder(width());
    for (double[] col : probs) {
      double u = rng.nextDouble();
      int b = 0;
      double cumulative = col[0];
      while (b < 3 && u >= cumulative) {
        b++;
        cumulative += col[b];
      }
      while (col[b] == 0) { // rounding pushed u past the last base with mass
        b--;
      }
      out.append(Bases.letter(b));
    }
    return out.toString();
  }

  /** The same motif read on the other strand: positions reversed, A swapped with T and C with G. */
  public Pwm reverseComplement() {
    int w = width();
    double[][] rc = new double[w][4];
    for (int j = 0; j < w; j++) {
      for (int b = 0; b < 4; b++) {
        rc[w - 1 - j][3 - b] = probs[j][b];
      }
    }
    return new Pwm(name, rc);
  }

  /**
   * Log-odds score in bits of the {@code width()} bases of {@code seq} starting at {@code start}:
   * sum over positions of log2(p(base) / background(base)). A base other than A/C/G/T/U (such as N)
   * contributes zero; a base the motif gives probability zero gives negative infinity.
   */
  public double logOdds(CharSequence seq, int start, Background background) {
    if (start < 0 || start + width() > seq.length()) {
      throw new IndexOutOfBoundsException("window " + start + ".." + (start + width()) + " outside a sequence of "
          + seq.length() + " bases");
    }
    double score = 0;
    for (int j = 0; j < width(); j++) {
      int b = Bases.index(seq.charAt(start + j));
      if (b >= 0) {
        score += log2(probs[j][b] / background.probability(b));
      }
    }
    return score;
  }

  /** Log-odds score of a window exactly {@code width()} bases long. */
  public double logOdds(CharSequence window, Background background) {
    if (window.length() != width()) {
      throw new IllegalArgumentException(name + " is " + width() + " bases wide, window has " + window.length());
    }
    return logOdds(window, 0, background);
  }

  /** The highest log-odds any site can reach: the best base at every position. */
  public double maxLogOdds(Background background) {
    double score = 0;
    for (double[] col : probs) {
      double best = Double.NEGATIVE_INFINITY;
      for (int b = 0; b < 4; b++) {
        best = Math.max(best, log2(col[b] / background.probability(b)));
      }
      score += best;
    }
    return score;
  }

  /**
   * The best-scoring window of {@code seq} on either strand. A MINUS hit at {@code start} means the
   * reverse complement of {@code seq[start, start + width)} matches the motif.
   */
  public Hit bestHit(CharSequence seq, Background background) {
    if (seq.length() < width()) {
      throw new IllegalArgumentException("sequence of " + seq.length() + " bases is shorter than " + name
          + " (" + width() + " bases)");
    }
    Pwm rc = reverseComplement();
    Hit best = null;
    for (int s = 0; s + width() <= seq.length(); s++) {
      double plus = logOdds(seq, s, background);
      if (best == null || plus > best.score()) {
        best = new Hit(s, Strand.PLUS, plus);
      }
      double minus = rc.logOdds(seq, s, background);
      if (minus > best.score()) {
        best = new Hit(s, Strand.MINUS, minus);
      }
    }
    return best;
  }

  /** The most probable base at each position (the first in A,C,G,T order on a tie). */
  public String consensus() {
    StringBuilder out = new StringBuilder(width());
    for (double[] col : probs) {
      out.append(Bases.letter(argmax(col)));
    }
    return out.toString();
  }

  /** Information content of one position in bits: 2 + sum p log2 p (0 for a flat column, 2 for a fixed base). */
  public double informationContent(int position) {
    double ic = 2;
    for (double p : probs[position]) {
      if (p > 0) {
        ic += p * log2(p);
      }
    }
    return ic;
  }

  /** Total information content in bits, the sum over positions. */
  public double informationContent() {
    double ic = 0;
    for (int j = 0; j < width(); j++) {
      ic += informationContent(j);
    }
    return ic;
  }

  /** The position with the highest information content (the first on a tie): where a mutation hurts most. */
  public int mostInformativePosition() {
    int best = 0;
    for (int j = 1; j < width(); j++) {
      if (informationContent(j) > informationContent(best)) {
        best = j;
      }
    }
    return best;
  }

  /** The least probable base at {@code position} (0..3), the substitution that breaks the site most. */
  public int leastLikelyBase(int position) {
    double[] col = probs[position];
    int worst = 0;
    for (int b = 1; b < 4; b++) {
      if (col[b] < col[worst]) {
        worst = b;
      }
    }
    return worst;
  }

  @Override
  public String toString() {
    return "Pwm[" + name + ", " + width() + " bp, consensus " + consensus() + "]";
  }

  private static int argmax(double[] col) {
    int best = 0;
    for (int b = 1; b < col.length; b++) {
      if (col[b] > col[best]) {
        best = b;
      }
    }
    return best;
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  /**
   * A scored window.
   *
   * @param start  0-based start of the window on the forward strand
   * @param strand PLUS when the window itself matches, MINUS when its reverse complement does
   * @param score  log-odds in bits
   */
  public record Hit(int start, Strand strand, double score) {}
}
