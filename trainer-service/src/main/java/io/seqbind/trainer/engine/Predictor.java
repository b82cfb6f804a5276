package io.seqbind.trainer.engine;

/**
 * Scores sequences with trained models in inference mode (no dropout, running batch-norm statistics), in
 * chunks of the network's capacity.
 */
public final class Predictor {

  private Predictor() {}

  /** Every model scores the same sequences: {@code result[m]} is {@code [n][tasks]} raw outputs (logits). */
  public static float[][] predict(Network network, Batch data) {
    Batch[] same = new Batch[network.models()];
    java.util.Arrays.fill(same, data);
    return predict(network, same);
  }

  /**
   * The ensemble's scores: every model scores {@code data} and the raw outputs are averaged, {@code [n][tasks]}
   * (what an exported ensemble computes; for one model its own scores).
   */
  public static float[] mean(Network network, Batch data) {
    float[][] each = predict(network, data);
    if (each.length == 1) {
      return each[0];
    }
    float[] mean = new float[each[0].length];
    for (int i = 0; i < mean.length; i++) {
      double sum = 0;
      for (float[] model : each) {
        sum += model[i];
      }
      mean[i] = (float) (sum / each.length);
    }
    return mean;
  }

  /**
   * Model m scores {@code data[m]} (all of one length). Shorter sets are padded with their first sequence
   * while longer ones finish, and the padding is dropped.
   */
  public static float[][] predict(Network network, Batch[] data) {
    int models = network.models();
    int length = data[0].length();
    int tasks = network.tasks();
    int most = 0;
    for (Batch b : data) {
      if (b.length() != length) {
        throw new IllegalArgumentException("every set must have one length: " + b.length() + " vs " + length);
      }
      most = Math.max(most, b.n());
    }
    Network net = network.length() == length ? network : network.reshaped(length, network.capacity());
    int chunk = net.capacity();
    float[][] result = new float[models][];
    for (int m = 0; m < models; m++) {
      result[m] = new float[data[m].n() * tasks];
    }
    byte[] bases = new byte[models * chunk * length];
    for (int start = 0; start < most; start += chunk) {
      int n = Math.min(chunk, most - start);
      for (int m = 0; m < models; m++) {
        for (int s = 0; s < n; s++) {
          int row = start + s < data[m].n() ? start + s : 0;
          System.arraycopy(data[m].bases(), row * length, bases, (m * n + s) * length, length);
        }
      }
      float[] out = net.forward(bases, n, false);
      for (int m = 0; m < models; m++) {
        int keep = Math.min(n, data[m].n() - start);
        if (keep > 0) {
          System.arraycopy(out, m * n * tasks, result[m], start * tasks, keep * tasks);
        }
      }
    }
    return result;
  }
}
