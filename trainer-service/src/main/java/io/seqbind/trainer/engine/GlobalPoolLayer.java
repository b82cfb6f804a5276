package io.seqbind.trainer.engine;

import io.seqbind.core.model.PoolMode;
import io.seqbind.trainer.ops.PoolOps;
import io.seqbind.trainer.ops.PoolShape;

/**
 * Pooling over all positions via {@link PoolOps}. MAX_AVG (DeepBind) writes, per sample, the C max
 * channels and then the C mean channels; the backward pass splits the gradient the same way and adds the
 * two input gradients.
 */
final class GlobalPoolLayer implements Layer {

  private final PoolOps ops;
  private final PoolMode mode;
  private final int models;
  private final int channels;
  private final int length;
  private final float[] max;
  private final float[] avg;
  private final int[] argmax;
  private final float[] out;
  private final float[] gradMax;
  private final float[] gradAvg;
  private final float[] gradIn;
  private final float[] gradInAvg;

  GlobalPoolLayer(PoolOps ops, PoolMode mode, int models, int capacity, int channels, int length) {
    this.ops = ops;
    this.mode = mode;
    this.models = models;
    this.channels = channels;
    this.length = length;
    int pooled = models * capacity * channels;
    this.max = new float[pooled];
    this.avg = new float[pooled];
    this.argmax = new int[pooled];
    this.out = new float[mode == PoolMode.MAX_AVG ? 2 * pooled : pooled];
    this.gradMax = new float[pooled];
    this.gradAvg = new float[pooled];
    this.gradIn = new float[pooled * length];
    this.gradInAvg = mode == PoolMode.MAX_AVG ? new float[pooled * length] : null;
  }

  private PoolShape shape(int n) {
    return PoolShape.global(models, n, channels, length);
  }

  @Override
  public float[] forward(float[] in, int n, boolean training) {
    PoolShape s = shape(n);
    switch (mode) {
      case MAX -> ops.maxForward(s, in, out, argmax);
      case AVG -> ops.avgForward(s, in, out);
      case MAX_AVG -> {
        ops.maxForward(s, in, max, argmax);
        ops.avgForward(s, in, avg);
        for (int sample = 0; sample < models * n; sample++) {
          System.arraycopy(max, sample * channels, out, 2 * sample * channels, channels);
          System.arraycopy(avg, sample * channels, out, (2 * sample + 1) * channels, channels);
        }
      }
      default -> throw new IllegalStateException(mode.toString());
    }
    return out;
  }

  @Override
  public float[] backward(float[] gradOut, int n) {
    PoolShape s = shape(n);
    switch (mode) {
      case MAX -> ops.maxBackward(s, gradOut, argmax, gradIn);
      case AVG -> ops.avgBackward(s, gradOut, gradIn);
      case MAX_AVG -> {
        for (int sample = 0; sample < models * n; sample++) {
          System.arraycopy(gradOut, 2 * sample * channels, gradMax, sample * channels, channels);
          System.arraycopy(gradOut, (2 * sample + 1) * channels, gradAvg, sample * channels, channels);
        }
        ops.maxBackward(s, gradMax, argmax, gradIn);
        ops.avgBackward(s, gradAvg, gradInAvg);
        int size = s.inputSize();
        for (int i = 0; i < size; i++) {
          gradIn[i] += gradInAvg[i];
        }
      }
      default -> throw new IllegalStateException(mode.toString());
    }
    return gradIn;
  }
}
