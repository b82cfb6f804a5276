package io.seqbind.trainer.ops;

/**
 * Pooling forward and backward passes (layouts: {@link PoolShape}). Outputs are overwritten. Max pooling
 * records the input position that won (first one on ties) so that the backward pass routes the gradient
 * to it alone. Each op's reference and kernels stand side by side in {@link MaxPoolOp} and {@link AvgPoolOp}.
 * Inputs and input gradients are {@code [models][batch][channels][length]}, outputs, output gradients and
 * winners {@code [models][batch][channels][outLength]}.
 */
public interface PoolOps {

  /** Max over each window; {@code argmax[o]} is the index into {@code in} of output {@code o}'s winner. */
  void maxForward(PoolShape s, float[] in, float[] out, int[] argmax);

  /** Scatters {@code gradOut} to the winners; every other element of {@code gradIn} becomes 0. */
  void maxBackward(PoolShape s, float[] gradOut, int[] argmax, float[] gradIn);

  /** Mean over each window. */
  void avgForward(PoolShape s, float[] in, float[] out);

  /** Spreads each output gradient evenly over its window (overlapping windows add up). */
  void avgBackward(PoolShape s, float[] gradOut, float[] gradIn);
}
