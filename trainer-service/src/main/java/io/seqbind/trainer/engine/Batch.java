package io.seqbind.trainer.engine;

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

  /** Sequences to score, without labels (one NaN task). */
  public static Batch unlabeled(byte[] bases, int n, int length) {
    float[] labels = new float[n];
    java.util.Arrays.fill(labels, Float.NaN);
    return new Batch(bases, n, length, labels, 1);
  }
}
