package io.seqbind.variant.effects;

import io.seqbind.proto.v1.SkippedVariant;
import io.seqbind.proto.v1.VariantEffect;

/**
 * The outcome for one ALT allele, or for a whole record when it was skipped before its alleles were
 * looked at (then {@code altIndex} is -1 and the skipped record lists every ALT). Exactly one of
 * {@code effect} and {@code skipped} is set.
 */
public record AlleleResult(int altIndex, VariantEffect effect, SkippedVariant skipped) {

  public boolean scored() {
    return effect != null;
  }
}
