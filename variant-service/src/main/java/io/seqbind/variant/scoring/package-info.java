/** The bridge to the ScorerService: batched window scoring and what a model's manifest says about it. */
package io.seqbind.variant.scoring;
