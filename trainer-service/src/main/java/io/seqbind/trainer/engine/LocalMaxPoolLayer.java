package io.seqbind.trainer.engine;

import io.seqbind.trainer.ops.PoolOps;
import io.seqbind.trainer.ops.PoolShape;

/**
 * Max over windows along positions (Zeng et al.'s local pooling, Basset), via {@link PoolOps}: in
 * {@code [models][n][channels][length]}, out {@code [models][n][channels][outLength]}.
 */
final class LocalMaxPoolLayer implements Layer {

  private final PoolOps ops;
  /** The shape at the network's batch capacity. */
  private final PoolShape full;
  private final float[] out;
  private final int[] argmax;
  private final float[] gradIn;

  LocalMaxPoolLayer(PoolOps ops, int models, int capacity, int channels, int length, int window, int stride) {
    this.ops = ops;
    this.full = new PoolShape(models, capacity, channels, length, window, stride);
    this.out = new float[full.outputSize()];
    this.argmax = new int[full.outputSize()];
    this.gradIn = new float[full.inputSize()];
  }

  @Override
  public float[] forward(float[] in, int n, boolean training) {
    ops.maxForward(full.withBatch(n), in, out, argmax);
    return out;
  }

  @Override
  public float[] backward(float[] gradOut, int n) {
    ops.maxBackward(full.withBatch(n), gradOut, argmax, gradIn);
    return gradIn;
  }
}
