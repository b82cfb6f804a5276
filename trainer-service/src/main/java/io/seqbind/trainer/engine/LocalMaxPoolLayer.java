package io.seqbind.trainer.engine;

import io.seqbind.trainer.ops.PoolOps;
import io.seqbind.trainer.ops.PoolShape;

/** Max over windows along positions (Zeng et al.'s local pooling, Basset), via {@link PoolOps}. */
final class LocalMaxPoolLayer implements Layer {

  private final PoolOps ops;
  private final int models;
  private final int channels;
  private final int length;
  private final int window;
  private final int stride;
  private final float[] out;
  private final int[] argmax;
  private final float[] gradIn;

  LocalMaxPoolLayer(PoolOps ops, int models, int capacity, int channels, int length, int window, int stride) {
    this.ops = ops;
    this.models = models;
    this.channels = channels;
    this.length = length;
    this.window = window;
    this.stride = stride;
    PoolShape s = shape(capacity);
    this.out = new float[s.outputSize()];
    this.argmax = new int[s.outputSize()];
    this.gradIn = new float[s.inputSize()];
  }

  private PoolShape shape(int n) {
    return new PoolShape(models, n, channels, length, window, stride);
  }

  @Override
  public float[] forward(float[] in, int n, boolean training) {
    ops.maxForward(shape(n), in, out, argmax);
    return out;
  }

  @Override
  public float[] backward(float[] gradOut, int n) {
    ops.maxBackward(shape(n), gradOut, argmax, gradIn);
    return gradIn;
  }
}
