package io.seqbind.trainer.data;

import io.seqbind.core.model.TaskType;
import io.seqbind.core.seq.LabeledSequence;
import java.util.List;

/**
 * A training set in memory, ready for splitting and batching.
 *
 * @param taskNames one per label column
 * @param type      binary when every label is 0, 1 or missing, else regression
 * @param records   the sequences with their labels, negatives included
 * @param notes     what a person should know about the loading (skipped peaks, negatives made)
 * @param sha256    of the input file (the manifest records which data trained a model)
 * @param bytes     size of the input file
 */
public record Dataset(List<String> taskNames, TaskType type, List<LabeledSequence> records, List<String> notes,
    String sha256, long bytes) {

  public Dataset {
    taskNames = List.copyOf(taskNames);
    records = List.copyOf(records);
    notes = List.copyOf(notes);
  }

  public int size() {
    return records.size();
  }

  public int length() {
    return records.get(0).sequence().length();
  }
}
