package io.seqbind.core.seq;

import java.util.Arrays;
import java.util.Objects;

/**
 * One sequence of a dataset with its labels, one per task. A missing label (multi-task data where a task
 * was not measured) is {@code Double.NaN}; training masks it out of the loss.
 *
 * @param id       the record's name (FASTA header word, DeepBind EventID, or a generated id)
 * @param sequence the bases as read (case and alphabet are normalised by the encoder, not here)
 * @param labels   one value per task: 0/1 for binary tasks, a real value for regression
 */
public record LabeledSequence(String id, String sequence, double[] labels) {

  public LabeledSequence {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(sequence, "sequence");
    labels = labels == null ? new double[0] : labels.clone();
  }

  /** A single-task record. */
  public static LabeledSequence of(String id, String sequence, double label) {
    return new LabeledSequence(id, sequence, new double[] {label});
  }

  @Override
  public double[] labels() {
    return labels.clone();
  }

  /** The label of task {@code task}, NaN when missing. */
  public double label(int task) {
    return labels[task];
  }

  public int taskCount() {
    return labels.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LabeledSequence other
        && id.equals(other.id)
        && sequence.equals(other.sequence)
        && Arrays.equals(labels, other.labels);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, sequence, Arrays.hashCode(labels));
  }

  @Override
  public String toString() {
    return "LabeledSequence[" + id + ", " + sequence.length() + " bp, labels=" + Arrays.toString(labels) + "]";
  }
}
