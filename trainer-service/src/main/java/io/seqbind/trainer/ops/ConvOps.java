package io.seqbind.trainer.ops;

/**
 * Convolution forward and backward passes over many models at once (layouts: {@link ConvShape}). Every
 * method overwrites its outputs (no accumulation), so callers need not clear buffers. Implementations:
 * {@link JavaOps} (the reference) and the Aparapi kernels, which must equal it exactly in Java thread-pool
 * mode and within a stated tolerance on an OpenCL device.
 */
public interface ConvOps {

  /**
   * True when these passes run on the host CPU (the Java reference, Aparapi's Java thread pool), where the
   * engine may replace a whole layer pattern with fused host code; false on an OpenCL device, whose
   * kernels must then do the work.
   */
  default boolean runsOnHost() {
    return true;
  }

  /** First layer: {@code out = conv(onehot(bases), w) + b}, gathering a weight column per base. */
  void forwardBases(ConvShape s, byte[] bases, float[] w, float[] b, float[] out);

  /** First layer gradients of the weights and bias from the gradient of the output. */
  void backwardBases(ConvShape s, byte[] bases, float[] gradOut, float[] gradW, float[] gradB);

  /** Later layers: {@code out = conv(in, w) + b}. */
  void forward(ConvShape s, float[] in, float[] w, float[] b, float[] out);

  /**
   * Later layers: gradients of the input ({@code gradIn}, skipped when null, e.g. for the first dense
   * input), weights and bias from the gradient of the output.
   */
  void backward(ConvShape s, float[] in, float[] w, float[] gradOut, float[] gradIn, float[] gradW, float[] gradB);
}
