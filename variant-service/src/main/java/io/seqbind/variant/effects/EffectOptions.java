package io.seqbind.variant.effects;

import io.seqbind.proto.v1.RefMismatchPolicy;
import io.seqbind.proto.v1.StrandMode;
import io.seqbind.variant.scoring.ScoringModel;
import java.util.List;

/**
 * How variants are scored: the models (each with its window length), strand reporting, what to do with a
 * REF that differs from the genome (UNSPECIFIED means ERROR) and whether non-PASS records are skipped.
 */
public record EffectOptions(List<ScoringModel> models, StrandMode strand, RefMismatchPolicy refMismatch,
    boolean passOnly) {

  public EffectOptions {
    if (models.isEmpty()) {
      throw new IllegalArgumentException("no models, expected at least one model to score with");
    }
    models = List.copyOf(models);
    if (refMismatch == RefMismatchPolicy.REF_MISMATCH_POLICY_UNSPECIFIED || refMismatch == null) {
      refMismatch = RefMismatchPolicy.REF_MISMATCH_POLICY_ERROR;
    }
    if (strand == null || strand == StrandMode.STRAND_MODE_UNSPECIFIED) {
      strand = StrandMode.STRAND_MODE_MODEL;
    }
  }

  /** Models only, every other option at its default. */
  public static EffectOptions of(List<ScoringModel> models) {
    return new EffectOptions(models, StrandMode.STRAND_MODE_MODEL,
        RefMismatchPolicy.REF_MISMATCH_POLICY_ERROR, false);
  }

  /** These options with another REF mismatch policy. */
  public EffectOptions withPolicy(RefMismatchPolicy policy) {
    return new EffectOptions(models, strand, policy, passOnly);
  }
}
