package io.seqbind.variant.motifs;

/**
 * The first convolution of a model: {@code weights[f][b][k]} for filter f, base b (A, C, G, T) and offset
 * k within the filter, and {@code bias[f]} — the {@code conv1.weight} / {@code conv1.bias} initializers of
 * the ONNX file, in the same [F, 4, W] layout. A plain record so that where the weights come from (ONNX,
 * a checkpoint, a test's PWM) is the caller's business.
 */
public record FirstLayerFilters(float[][][] weights, float[] bias) {

  public FirstLayerFilters {
    if (weights.length == 0) {
      throw new IllegalArgumentException("no filters, expected weights of shape [F, 4, W] with F >= 1");
    }
    if (bias.length != weights.length) {
      throw new IllegalArgumentException(bias.length + " biases for " + weights.length + " filters, expected one"
          + " bias per filter");
    }
    int width = weights[0].length == 4 ? weights[0][0].length : -1;
    for (int f = 0; f < weights.length; f++) {
      if (weights[f].length != 4) {
        throw new IllegalArgumentException("filter " + f + " has " + weights[f].length + " base rows, expected 4"
            + " (A, C, G, T)");
      }
      for (float[] row : weights[f]) {
        if (row.length != width || width < 1) {
          throw new IllegalArgumentException("filter " + f + " has a row of width " + row.length + ", expected"
              + " every filter to have the same width >= 1 (" + width + ")");
        }
      }
    }
  }

  public int count() {
    return weights.length;
  }

  public int width() {
    return weights[0][0].length;
  }

  /**
   * The activation of filter f (after bias, before the activation function) on the window of the
   * one-hot sequence {@code x} (flat [4, L]) starting at position {@code start}.
   */
  public float activation(int f, float[] x, int length, int start) {
    float[][] w = weights[f];
    int width = width();
    float sum = bias[f];
    for (int b = 0; b < 4; b++) {
      float[] wb = w[b];
      int row = b * length + start;
      for (int k = 0; k < width; k++) {
        sum += wb[k] * x[row + k];
      }
    }
    return sum;
  }
}
