/**
 * Variant effects: VCF records to reference/alternate windows, scored in chunks through the scorer, written
 * as TSV and annotated VCF. Entry points: {@link io.seqbind.variant.effects.VcfEffectsJob} (file to files),
 * {@link io.seqbind.variant.effects.EffectRunner} with a {@link io.seqbind.variant.effects.VcfSource} and an
 * {@link io.seqbind.variant.effects.EffectSink} (streams).
 */
package io.seqbind.variant.effects;
