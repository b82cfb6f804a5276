package io.seqbind.trainer.engine;

import io.seqbind.core.seq.Bases;
import io.seqbind.core.seq.LabeledSequence;
import io.seqbind.core.io.Quoted;
import java.util.List;

/**
 * Sequences of one length with their labels, as the trainer consumes them: {@code bases[n][length]} codes
 * 0..3 for A, C, G, T and 4 for an ambiguous base, {@code labels[n][tasks]} (NaN = not measured). A whole
 * training or validation set is one Batch; the trainer draws mini-batches from it.
 */
public record Batch(byte[] bases, int n, int length, float[] labels, int tasks) {

  public Batch {
    if (n < 1 || length < 1 || tasks < 1) {
      throw new IllegalArgumentException("a batch needs n, length and tasks >= 1, got n=" + n + " length=" + length
          + " tasks=" + tasks);
    }
    if (bases.length != n * length) {
      throw new IllegalArgumentException("bases hold " + bases.length + " codes, expected n*length = " + n * length);
    }
    if (labels.length != n * tasks) {
      throw new IllegalArgumentException("labels hold " + labels.length + " values, expected n*tasks = " + n * tasks);
    }
    for (int i = 0; i < bases.length; i++) {
      if (bases[i] < 0 || bases[i] > 4) {
        throw new IllegalArgumentException("sequence " + i / length + " position " + i % length + ": base code "
            + bases[i] + " is not 0..4");
      }
    }
  }

  /**
   * Encodes records of one length into a batch. A character that is not a base fails with the record's id
   * and position; a record whose length differs from the first one's fails naming both.
   */
  public static Batch of(List<LabeledSequence> records) {
    if (records.isEmpty()) {
      throw new IllegalArgumentException("no sequences");
    }
    LabeledSequence first = records.get(0);
    int n = records.size();
    int length = first.sequence().length();
    int tasks = Math.max(1, first.taskCount());
    byte[] bases = new byte[n * length];
    float[] labels = new float[n * tasks];
    java.util.Arrays.fill(labels, Float.NaN);
    for (int i = 0; i < n; i++) {
      LabeledSequence record = records.get(i);
      String s = record.sequence();
      if (s.length() != length) {
        throw new IllegalArgumentException("sequence " + Quoted.token(record.id()) + " has " + s.length() + " bases but "
            + Quoted.token(first.id()) + " has " + length + "; a data set must have one sequence length (use fixed-width"
            + " windows)");
      }
      Bases.check(s, Quoted.token(record.id()));
      for (int p = 0; p < length; p++) {
        bases[i * length + p] = (byte) Bases.code(s.charAt(p));
      }
      for (int t = 0; t < record.taskCount(); t++) {
        labels[i * tasks + t] = (float) record.label(t);
      }
    }
    return new Batch(bases, n, length, labels, tasks);
  }

  /** Sequences to score, without labels (one NaN task). */
  public static Batch unlabeled(byte[] bases, int n, int length) {
    float[] labels = new float[n];
    java.util.Arrays.fill(labels, Float.NaN);
    return new Batch(bases, n, length, labels, 1);
  }
}
