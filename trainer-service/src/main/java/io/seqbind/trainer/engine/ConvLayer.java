package io.seqbind.trainer.engine;

import io.seqbind.trainer.ops.ConvOps;
import io.seqbind.trainer.ops.ConvShape;
import java.util.Arrays;

/**
 * A convolution over float activations with bias: in {@code [models][n][inChannels][length]}, out
 * {@code [models][n][filters][outLength]}. Dense layers are this with {@code width == length} (one output
 * position), so they run on the same kernels; the weights {@code [units][channels][length]} are exactly a dense
 * matrix over the flattened input. {@link OpPlan} decides which ops run it, or the flat host loops below.
 */
final class ConvLayer implements Layer {

  private final ConvOps ops;
  private final boolean denseLoops;
  /** The shape at the network's batch capacity. */
  private final ConvShape full;
  final Param weight;
  final Param bias;
  private final float[] out;
  private final float[] gradIn;
  private float[] in;

  /**
   * @param ops        the convolution passes ({@link OpPlan#convOps})
   * @param denseLoops run the flat dense loops instead ({@link OpPlan#denseLoops}): only for a window over the
   *                   whole input
   */
  ConvLayer(ConvOps ops, boolean denseLoops, ParamStore store, String name, int index, ConvShape full) {
    if (denseLoops && (full.width() != full.length() || full.dilation() != 1)) {
      throw new IllegalArgumentException("flat dense loops need a window over the whole input: " + full);
    }
    this.ops = ops;
    this.denseLoops = denseLoops;
    this.full = full;
    this.weight = store.convWeight(name, index, full);
    this.bias = store.convBias(name, index, full);
    this.out = new float[full.outputSize()];
    this.gradIn = new float[full.inputSize()];
  }

  /** A dense layer over the flattened {@code channels x length} input, on {@code ops}. */
  static ConvLayer dense(ConvOps ops, boolean denseLoops, ParamStore store, String name, int index, int models,
      int capacity, int inChannels, int length, int units) {
    return new ConvLayer(ops, denseLoops, store, name, index,
        new ConvShape(models, capacity, inChannels, length, units, length, 1));
  }

  /** A dense layer in the flat host loops. */
  static ConvLayer denseOnHost(ParamStore store, String name, int index, int models, int capacity, int inChannels,
      int length, int units) {
    return dense(OpPlan.HOST, true, store, name, index, models, capacity, inChannels, length, units);
  }

  @Override
  public float[] forward(float[] in, int n, boolean training) {
    this.in = in;
    if (denseLoops) {
      denseForward(in, n);
    } else {
      ops.forward(full.withBatch(n), in, weight.value(), bias.value(), out);
    }
    return out;
  }

  @Override
  public float[] backward(float[] gradOut, int n) {
    if (denseLoops) {
      denseBackward(gradOut, n);
    } else {
      ops.backward(full.withBatch(n), in, weight.value(), gradOut, gradIn, weight.grad(), bias.grad());
    }
    return gradIn;
  }

  // JavaOps' loops for outLength == 1 with (channel, offset) flattened to one contiguous index i = c * width
  // + k: the same terms in the same order, so the results are identical, but the inner loops vectorize.

  private void denseForward(float[] in, int n) {
    int models = full.models();
    int filters = full.filters();
    int fanIn = full.inChannels() * full.width();
    float[] w = weight.value();
    float[] b = bias.value();
    for (int m = 0; m < models; m++) {
      for (int s = 0; s < n; s++) {
        int x = (m * n + s) * fanIn;
        for (int f = 0; f < filters; f++) {
          // out[m][s][f] = b[m][f] + w[m][f] . in[m][s]
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
    int models = full.models();
    int filters = full.filters();
    int fanIn = full.inChannels() * full.width();
    float[] w = weight.value();
    float[] gw = weight.grad();
    float[] gb = bias.grad();
    Arrays.fill(gw, 0, models * filters * fanIn, 0f);
    Arrays.fill(gb, 0, models * filters, 0f);
    Arrays.fill(gradIn, 0, models * n * fanIn, 0f);
    for (int m = 0; m < models; m++) {
      for (int s = 0; s < n; s++) {
        int x = (m * n + s) * fanIn;
        for (int f = 0; f < filters; f++) {
          // each output gradient: to the bias, to each weight times its input, to each input times its weight
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
