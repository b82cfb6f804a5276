package io.seqbind.core.simulate;

import java.util.random.RandomGenerator;

/**
 * Draws motif sites to plant. A site drawn from a PWM can by chance be a poor match (a low-probability
 * base at a core position); such a "site" carries no signal and would make a test that checks planted
 * sites flaky, so draws scoring below a fraction of the motif's best possible log-odds (against a uniform
 * background) are drawn again. A fraction of 0 keeps every draw that is at least as likely under the motif
 * as under a uniform background.
 */
final class SiteSampler {

  private static final int MAX_DRAWS = 100_000;

  private final double minScoreFraction;

  SiteSampler(double minScoreFraction) {
    if (!(minScoreFraction >= 0 && minScoreFraction < 1)) {
      throw new IllegalArgumentException("minimum site score fraction must be in [0, 1), got " + minScoreFraction);
    }
    this.minScoreFraction = minScoreFraction;
  }

  /** The least log-odds (bits, uniform background) a planted site of {@code pwm} may have. */
  double threshold(Pwm pwm) {
    return minScoreFraction * pwm.maxLogOdds(Background.uniform());
  }

  /** A site of {@code pwm} as it reads on the forward strand when planted on {@code strand}. */
  String sample(Pwm pwm, Strand strand, RandomGenerator rng) {
    double threshold = threshold(pwm);
    for (int draw = 0; draw < MAX_DRAWS; draw++) {
      String site = pwm.sample(rng);
      if (pwm.logOdds(site, Background.uniform()) >= threshold) {
        return strand == Strand.PLUS ? site : Bases.reverseComplement(site);
      }
    }
    throw new IllegalStateException(pwm.name() + ": no site out of " + MAX_DRAWS + " draws scored "
        + threshold + " bits; lower the minimum site score fraction");
  }
}
