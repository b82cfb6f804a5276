package io.seqbind.core.io;

import io.seqbind.core.seq.LabeledSequence;
import java.util.List;

/**
 * A whole DeepBind {@code .seq} table in memory: the task names (the label columns' headers) and the rows.
 *
 * @param taskNames the label columns' names, e.g. {@code [Bound]}
 * @param sequences one per data row, in file order, one label per task
 * @param foldIds   the FoldID of each row, parallel to {@code sequences}
 */
public record SeqTable(List<String> taskNames, List<LabeledSequence> sequences, List<String> foldIds) {

  public SeqTable {
    taskNames = List.copyOf(taskNames);
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
