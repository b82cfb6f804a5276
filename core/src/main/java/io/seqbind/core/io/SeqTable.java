package io.seqbind.core.io;

import io.seqbind.core.seq.LabeledSequence;
import java.util.List;

/**
 * A whole DeepBind {@code .seq} table in memory: the task name (the label column's header) and the rows.
 *
 * @param taskName  the label column's name, e.g. {@code Bound}
 * @param sequences one per data row, in file order, single-task
 * @param foldIds   the FoldID of each row, parallel to {@code sequences}
 */
public record SeqTable(String taskName, List<LabeledSequence> sequences, List<String> foldIds) {

  public SeqTable {
    sequences = List.copyOf(sequences);
    foldIds = List.copyOf(foldIds);
    if (sequences.size() != foldIds.size()) {
      throw new IllegalArgumentException(sequences.size() + " sequences but " + foldIds.size() + " fold ids");
    }
  }

  public int size() {
    return sequences.size();
  }
}
