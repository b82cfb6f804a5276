package io.seqbind.core.simulate;

import java.util.List;

/**
 * What {@link SequenceSimulator} makes. One task per motif: a single motif gives a single-task set,
 * several give a multi-task set where each task's positives are chosen independently (so a sequence may
 * carry several motifs).
 *
 * @param motifs               the motifs, one task each
 * @param count                number of sequences
 * @param length               bases per sequence
 * @param positiveFraction     fraction of sequences positive for each task (rounded to a whole count)
 * @param maxSitesPerPositive  a positive gets 1..this many sites of its task's motif, uniformly
 * @param gc                   GC fraction of the background (0.5 = uniform)
 * @param matchNegativeGc      when true, each sequence without any site takes as its background GC the
 *                             GC content of a sequence with sites, so composition cannot tell them apart
 * @param minSiteScoreFraction a planted site scores at least this fraction of the motif's best log-odds
 */
public record SequenceSetConfig(
    List<Pwm> motifs,
    int count,
    int length,
    double positiveFraction,
    int maxSitesPerPositive,
    double gc,
    boolean matchNegativeGc,
    double minSiteScoreFraction) {

  public static final int DEFAULT_COUNT = 1000;
  public static final int DEFAULT_LENGTH = 101;
  public static final double DEFAULT_MIN_SITE_SCORE_FRACTION = 0.5;

  public SequenceSetConfig {
    motifs = List.copyOf(motifs);
    if (motifs.isEmpty()) {
      throw new IllegalArgumentException("at least one motif is needed");
    }
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, got " + count);
    }
    if (!(positiveFraction >= 0 && positiveFraction <= 1)) {
      throw new IllegalArgumentException("positive fraction must be in [0, 1], got " + positiveFraction);
    }
    if (maxSitesPerPositive < 1) {
      throw new IllegalArgumentException("sites per positive must be at least 1, got " + maxSitesPerPositive);
    }
    Background.ofGc(gc); // validates the range
    int widthSum = motifs.stream().mapToInt(Pwm::width).sum();
    if ((long) widthSum * maxSitesPerPositive > length) {
      throw new IllegalArgumentException("sequences of " + length + " bases cannot hold " + maxSitesPerPositive
          + " site(s) of each motif (" + widthSum + " bases per round); use longer sequences or fewer sites");
    }
    new SiteSampler(minSiteScoreFraction); // validates the range
  }

  /**
   * {@value #DEFAULT_COUNT} sequences of {@value #DEFAULT_LENGTH} bases, half positive per task, one site
   * per positive, uniform background, negatives not GC-matched.
   */
  public static SequenceSetConfig of(List<Pwm> motifs) {
    return new SequenceSetConfig(motifs, DEFAULT_COUNT, DEFAULT_LENGTH, 0.5, 1, 0.5, false,
        DEFAULT_MIN_SITE_SCORE_FRACTION);
  }

  public SequenceSetConfig withCount(int count) {
    return new SequenceSetConfig(motifs, count, length, positiveFraction, maxSitesPerPositive, gc,
        matchNegativeGc, minSiteScoreFraction);
  }

  public SequenceSetConfig withLength(int length) {
    return new SequenceSetConfig(motifs, count, length, positiveFraction, maxSitesPerPositive, gc,
        matchNegativeGc, minSiteScoreFraction);
  }

  public SequenceSetConfig withPositiveFraction(double positiveFraction) {
    return new SequenceSetConfig(motifs, count, length, positiveFraction, maxSitesPerPositive, gc,
        matchNegativeGc, minSiteScoreFraction);
  }

  public SequenceSetConfig withMaxSitesPerPositive(int maxSitesPerPositive) {
    return new SequenceSetConfig(motifs, count, length, positiveFraction, maxSitesPerPositive, gc,
        matchNegativeGc, minSiteScoreFraction);
  }

  /** A fixed background GC fraction for every sequence. */
  public SequenceSetConfig withGc(double gc) {
    return new SequenceSetConfig(motifs, count, length, positiveFraction, maxSitesPerPositive, gc, false,
        minSiteScoreFraction);
  }

  /** Negatives take the GC content of the positives (the positives' background stays at {@link #gc()}). */
  public SequenceSetConfig withGcMatchedNegatives() {
    return new SequenceSetConfig(motifs, count, length, positiveFraction, maxSitesPerPositive, gc, true,
        minSiteScoreFraction);
  }

  public SequenceSetConfig withMinSiteScoreFraction(double minSiteScoreFraction) {
    return new SequenceSetConfig(motifs, count, length, positiveFraction, maxSitesPerPositive, gc,
        matchNegativeGc, minSiteScoreFraction);
  }
}
