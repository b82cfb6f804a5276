package io.seqbind.core.io;

import io.seqbind.core.seq.LabeledSequence;
import java.util.Objects;

/**
 * One row of a DeepBind {@code .seq} table.
 *
 * @param foldId   the FoldID column (DeepBind's cross-validation fold letter), kept so published folds can
 *                 be reproduced
 * @param sequence id = EventID, the seq column as read, labels = the single label column's value
 */
public record SeqTableRecord(String foldId, LabeledSequence sequence) {

  public SeqTableRecord {
    Objects.requireNonNull(foldId, "foldId");
    Objects.requireNonNull(sequence, "sequence");
  }
}
