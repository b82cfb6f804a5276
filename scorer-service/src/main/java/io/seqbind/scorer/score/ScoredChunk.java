package io.seqbind.scorer.score;

import io.seqbind.proto.v1.ItemError;
import io.seqbind.proto.v1.ModelScores;
import java.util.List;

/** The scores of a run of sequences: one ModelScores per model, in order, and the per-sequence errors. */
public record ScoredChunk(List<ModelScores> models, List<ItemError> errors) {}
