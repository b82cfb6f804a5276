package io.seqbind.core.io;

import io.seqbind.core.seq.LabeledSequence;
import java.util.List;

/**
 * Sequences with one label per task, as a multi-task (Basset-style) dataset is handed to training.
 *
 * @param taskNames the task names, in label order
 * @param sequences the records, each with {@code taskNames.size()} labels (NaN = missing)
 */
public record MultiTaskSet(List<String> taskNames, List<LabeledSequence> sequences) {

  public MultiTaskSet {
    taskNames = List.copyOf(taskNames);
    sequences = List.copyOf(sequences);
  }
}
