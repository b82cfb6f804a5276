package io.seqbind.trainer.ops;

/**
 * The shape of one 1-D convolution applied to a batch for several models at once (calibration trains
 * settings x folds together, as DeepBind trained 30 models in parallel on one GPU). Valid padding.
 *
 * <p>Array layouts, all row-major, models outermost so that each model's slice is contiguous:
 * <ul>
 *   <li>bases (first layer): {@code byte[models][batch][length]}, codes 0..3 for A,C,G,T and 4 for an
 *       ambiguous base (N or another IUPAC code), which is 0.25 in each channel;
 *   <li>input (later layers): {@code float[models][batch][inChannels][length]};
 *   <li>weights: {@code float[models][filters][inChannels][width]} (PyTorch's Conv1d layout, which the
 *       ONNX export writes as is; kernels may repack internally);
 *   <li>bias: {@code float[models][filters]};
 *   <li>output (before any activation): {@code float[models][batch][filters][outLength]}.
 * </ul>
 */
public record ConvShape(int models, int batch, int inChannels, int length, int filters, int width, int dilation) {

  /** Code of an ambiguous base in a bases array. */
  public static final byte AMBIGUOUS = 4;

  public ConvShape {
    if (models < 1 || batch < 1 || inChannels < 1 || filters < 1 || width < 1 || dilation < 1) {
      throw new IllegalArgumentException("every dimension must be positive: " + this);
    }
    if (length - (width - 1) * dilation < 1) {
      throw new IllegalArgumentException("sequence length " + length + " is shorter than the receptive field "
          + ((width - 1) * dilation + 1) + " of a width-" + width + " dilation-" + dilation + " convolution");
    }
  }

  /** The same layer for a batch of {@code n} (a layer sized for its capacity runs smaller batches). */
  public ConvShape withBatch(int n) {
    return new ConvShape(models, n, inChannels, length, filters, width, dilation);
  }

  /** Multiply-adds of one forward pass. */
  public long work() {
    return (long) models * batch * filters * inChannels * width * outLength();
  }

  public int outLength() {
    return length - (width - 1) * dilation;
  }

  public int basesSize() {
    return models * batch * length;
  }

  public int inputSize() {
    return models * batch * inChannels * length;
  }

  public int weightSize() {
    return models * filters * inChannels * width;
  }

  public int biasSize() {
    return models * filters;
  }

  public int outputSize() {
    return models * batch * filters * outLength();
  }
}
