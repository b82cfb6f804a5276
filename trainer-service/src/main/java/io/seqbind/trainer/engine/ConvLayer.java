package io.seqbind.trainer.engine;

import io.seqbind.trainer.ops.ConvOps;
import io.seqbind.trainer.ops.ConvShape;
import io.seqbind.trainer.ops.JavaOps;

/**
 * A convolution over float activations with bias. Dense layers are this with {@code width == length}
 * (one output position), so they run on the same kernels; the weights {@code [units][channels][length]}
 * are exactly a dense matrix over the flattened input.
 */
final class ConvLayer implements Layer {

  /** Multiply-adds per forward pass (at full capacity) up to which the layer runs on the host. */
  static final long HOST_WORK = 1L << 22;
  private static final ConvOps HOST = new JavaOps();

  private final ConvOps ops;
  private final int models;
  private final int inChannels;
  private final int length;
  private final int filters;
  private final int width;
  private final int dilation;
  final Param weight;
  final Param bias;
  private final float[] out;
  private final float[] gradIn;
  private float[] in;

  ConvLayer(ConvOps ops, ParamStore store, String name, int index, int models, int capacity, int inChannels,
      int length, int filters, int width, int dilation) {
    // A small layer (a dense layer after global pooling, typically) runs on the host: launching a kernel and
    // copying its buffers costs far more than its arithmetic. JavaOps is the reference the kernels equal.
    long work = (long) models * capacity * filters * inChannels * width * (length - (width - 1) * dilation);
    this.ops = work <= HOST_WORK ? HOST : ops;
    this.models = models;
    this.inChannels = inChannels;
    this.length = length;
    this.filters = filters;
    this.width = width;
    this.dilation = dilation;
    int fanIn = inChannels * width;
    this.weight = store.param(name + ".weight", index, true, fanIn, filters * fanIn);
    this.bias = store.param(name + ".bias", index, false, fanIn, filters);
    ConvShape s = shape(capacity);
    this.out = new float[s.outputSize()];
    this.gradIn = new float[s.inputSize()];
  }

  /** A dense layer over the flattened {@code channels x length} input. */
  static ConvLayer dense(ConvOps ops, ParamStore store, String name, int index, int models, int capacity,
      int inChannels, int length, int units) {
    return new ConvLayer(ops, store, name, index, models, capacity, inChannels, length, units, length, 1);
  }

  private ConvShape shape(int n) {
    return new ConvShape(models, n, inChannels, length, filters, width, dilation);
  }

  /** A dense layer on the host: each output's window is the whole input, so the loops can run flat. */
  private boolean denseOnHost() {
    return ops == HOST && width == length && dilation == 1;
  }

  @Override
  public float[] forward(float[] in, int n, boolean training) {
    this.in = in;
    if (denseOnHost()) {
      denseForward(in, n);
      return out;
    }
    ops.forward(shape(n), in, weight.value(), bias.value(), out);
    return out;
  }

  @Override
  public float[] backward(float[] gradOut, int n) {
    if (denseOnHost()) {
      denseBackward(gradOut, n);
      return gradIn;
    }
    ops.backward(shape(n), in, weight.value(), gradOut, gradIn, weight.grad(), bias.grad());
    return gradIn;
  }

  // JavaOps' loops for outLength == 1 with (channel, offset) flattened to one contiguous index i = c * width
  // + k: the same terms in the same order, so the results are identical, but the inner loops vectorize.

  private void denseForward(float[] in, int n) {
    int fanIn = inChannels * width;
    float[] w = weight.value();
    float[] b = bias.value();
    for (int m = 0; m < models; m++) {
      for (int s = 0; s < n; s++) {
        int x = (m * n + s) * fanIn;
        for (int f = 0; f < filters; f++) {
          int wf = (m * filters + f) * fanIn;
          float sum = b[m * filters + f];
          for (int i = 0; i < fanIn; i++) {
            sum += w[wf + i] * in[x + i];
          }
          out[(m * n + s) * filters + f] = sum;
        }
      }
    }
  }

  private void denseBackward(float[] gradOut, int n) {
    int fanIn = inChannels * width;
    float[] w = weight.value();
    float[] gw = weight.grad();
    float[] gb = bias.grad();
    java.util.Arrays.fill(gw, 0, models * filters * fanIn, 0f);
    java.util.Arrays.fill(gb, 0, models * filters, 0f);
    java.util.Arrays.fill(gradIn, 0, models * n * fanIn, 0f);
    for (int m = 0; m < models; m++) {
      for (int s = 0; s < n; s++) {
        int x = (m * n + s) * fanIn;
        for (int f = 0; f < filters; f++) {
          int wf = (m * filters + f) * fanIn;
          float g = gradOut[(m * n + s) * filters + f];
          gb[m * filters + f] += g;
          for (int i = 0; i < fanIn; i++) {
            gw[wf + i] += g * in[x + i];
          }
          for (int i = 0; i < fanIn; i++) {
            gradIn[x + i] += g * w[wf + i];
          }
        }
      }
    }
  }
}
