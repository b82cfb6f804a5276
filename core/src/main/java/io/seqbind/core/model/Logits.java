package io.seqbind.core.model;

/** Binary tasks emit logits; this is the one sigmoid that turns them into probabilities (trainer, scorer, reports). */
public final class Logits {

  private Logits() {}

  public static double probability(double logit) {
    return 1.0 / (1.0 + Math.exp(-logit));
  }
}
