package io.seqbind.trainer.engine;

/**
 * One stage of a network over {@code [models][batch][channels][length]} activations. A layer owns its
 * output and input-gradient buffers (sized for the network's batch capacity) and returns them, so a
 * forward or backward pass allocates nothing. {@code n} is the batch size of this call (at most the
 * capacity); the layouts use {@code n}, not the capacity, as their batch stride.
 */
interface Layer {

  /** Computes this layer's output; {@code training} selects dropout masks and batch statistics. */
  float[] forward(float[] in, int n, boolean training);

  /**
   * Computes the parameter gradients (overwriting) and returns the gradient of the input, from the
   * gradient of this layer's output; uses what the last forward call stored.
   */
  float[] backward(float[] gradOut, int n);
}
