/**
 * Variant effects: VCF records to reference/alternate windows, scored in chunks through the scorer, written
 * as TSV and annotated VCF. One loop scores every input ({@link io.seqbind.variant.effects.EffectSession});
 * {@link io.seqbind.variant.effects.VcfScoring} feeds it a VCF against a reference (ScoreVcf, the CLI through
 * ScoreVcf, {@link io.seqbind.variant.effects.VcfEffectsJob}); ScoreVariants feeds it streamed records.
 * {@link io.seqbind.variant.effects.EffectFiles} writes the TSV and annotated VCF atomically.
 */
package io.seqbind.variant.effects;
