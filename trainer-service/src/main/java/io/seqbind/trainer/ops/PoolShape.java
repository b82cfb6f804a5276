package io.seqbind.trainer.ops;

/**
 * The shape of a pooling over positions, per model, sample and channel. Input
 * {@code float[models][batch][channels][length]}, output {@code float[models][batch][channels][outLength]}.
 * Global pooling is {@code window == stride == length} (output length 1); local pooling (Zeng et al.'s
 * {@code local_win3}, Basset) drops a last incomplete window, as PyTorch's MaxPool1d does.
 */
public record PoolShape(int models, int batch, int channels, int length, int window, int stride) {

  public PoolShape {
    if (models < 1 || batch < 1 || channels < 1 || length < 1 || window < 1 || stride < 1) {
      throw new IllegalArgumentException("every dimension must be positive: " + this);
    }
    if (window > length) {
      throw new IllegalArgumentException("pooling window " + window + " is longer than the input length " + length);
    }
  }

  /** Global pooling: one value per model, sample and channel. */
  public static PoolShape global(int models, int batch, int channels, int length) {
    return new PoolShape(models, batch, channels, length, length, length);
  }

  /** The same pooling for a batch of {@code n}. */
  public PoolShape withBatch(int n) {
    return new PoolShape(models, n, channels, length, window, stride);
  }

  public int outLength() {
    return (length - window) / stride + 1;
  }

  public int inputSize() {
    return models * batch * channels * length;
  }

  public int outputSize() {
    return models * batch * channels * outLength();
  }
}
