package io.seqbind.trainer.ops;

/**
 * Convolution forward and backward passes over many models at once (layouts: {@link ConvShape}). Every
 * method overwrites its outputs (no accumulation), so callers need not clear buffers. Implementations:
 * {@link JavaOps} (the reference) and {@link AparapiOps} (the kernels), which must equal it exactly in Java
 * thread-pool mode and within a stated tolerance on an OpenCL device. Each op's reference and kernels stand side
 * by side in {@link BasesConvOp} and {@link ConvOp}.
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

  /** Where these passes run, for logs, e.g. {@code Java thread pool (2 threads)}. */
  default String deviceName() {
    return getClass().getSimpleName();
  }

  /**
   * First layer: {@code out = conv(onehot(bases), w) + b}, gathering a weight column per base.
   *
   * @param bases {@code [models][batch][length]} codes 0..3 (A, C, G, T), 4 ambiguous
   * @param w     {@code [models][filters][4][width]}
   * @param b     {@code [models][filters]}
   * @param out   {@code [models][batch][filters][outLength]}
   */
  void forwardBases(ConvShape s, byte[] bases, float[] w, float[] b, float[] out);

  /**
   * First layer gradients of the weights and bias from the gradient of the output.
   *
   * @param gradOut {@code [models][batch][filters][outLength]}
   * @param gradW   {@code [models][filters][4][width]}
   * @param gradB   {@code [models][filters]}
   */
  void backwardBases(ConvShape s, byte[] bases, float[] gradOut, float[] gradW, float[] gradB);

  /**
   * Later layers: {@code out = conv(in, w) + b}.
   *
   * @param in  {@code [models][batch][inChannels][length]}
   * @param w   {@code [models][filters][inChannels][width]}
   * @param b   {@code [models][filters]}
   * @param out {@code [models][batch][filters][outLength]}
   */
  void forward(ConvShape s, float[] in, float[] w, float[] b, float[] out);

  /**
   * Later layers: gradients of the input ({@code gradIn}, skipped when null, e.g. for the first dense
   * input), weights and bias from the gradient of the output; each shaped as what it is the gradient of.
   */
  void backward(ConvShape s, float[] in, float[] w, float[] gradOut, float[] gradIn, float[] gradW, float[] gradB);
}
