package io.seqbind.trainer.ops;

import io.seqbind.trainer.ops.aparapi.ConvBackwardKernel;
import io.seqbind.trainer.ops.aparapi.ConvForwardKernel;
import java.util.Arrays;

/**
 * Op: a convolution over float activations, {@code out = conv(in, w) + b} (stacked layers; a dense layer is
 * this with {@code width == length}). Shapes ({@link ConvShape}): in {@code [models][batch][inChannels][length]},
 * w {@code [models][filters][inChannels][width]}, b {@code [models][filters]},
 * out {@code [models][batch][filters][outLength]}.
 *
 * <p>Both implementations, side by side: the Java reference ({@link #forwardReference},
 * {@link #backwardReference}) and the kernels ({@link #forward}, {@link #backward}: {@link ConvForwardKernel},
 * {@link ConvBackwardKernel}), which keep the reference's order of additions.
 */
final class ConvOp {

  // ---------------------------------------------------------------- Java reference

  static void forwardReference(ConvShape s, float[] in, float[] w, float[] b, float[] out) {
    int lOut = s.outLength();
    int cw = s.inChannels() * s.width();
    for (int m = 0; m < s.models(); m++) {
      for (int n = 0; n < s.batch(); n++) {
        int x = (m * s.batch() + n) * s.inChannels() * s.length();
        for (int f = 0; f < s.filters(); f++) {
          int wf = (m * s.filters() + f) * cw;
          int o = ((m * s.batch() + n) * s.filters() + f) * lOut;
          for (int p = 0; p < lOut; p++) {
            // out[m][n][f][p] = b[m][f] + sum over channels c, then offsets k, of w[c][k] * in[c][p + k d]
            float sum = b[m * s.filters() + f];
            for (int c = 0; c < s.inChannels(); c++) {
              for (int k = 0; k < s.width(); k++) {
                sum += w[wf + c * s.width() + k] * in[x + c * s.length() + p + k * s.dilation()];
              }
            }
            out[o + p] = sum;
          }
        }
      }
    }
  }

  /** Gradients of the input (skipped when {@code gradIn} is null), weights and bias, shaped as in, w and b. */
  static void backwardReference(ConvShape s, float[] in, float[] w, float[] gradOut, float[] gradIn, float[] gradW,
      float[] gradB) {
    Arrays.fill(gradW, 0, s.weightSize(), 0f);
    Arrays.fill(gradB, 0, s.biasSize(), 0f);
    if (gradIn != null) {
      Arrays.fill(gradIn, 0, s.inputSize(), 0f);
    }
    int lOut = s.outLength();
    int cw = s.inChannels() * s.width();
    for (int m = 0; m < s.models(); m++) {
      for (int n = 0; n < s.batch(); n++) {
        int x = (m * s.batch() + n) * s.inChannels() * s.length();
        for (int f = 0; f < s.filters(); f++) {
          int wf = (m * s.filters() + f) * cw;
          int o = ((m * s.batch() + n) * s.filters() + f) * lOut;
          for (int p = 0; p < lOut; p++) {
            // each output gradient: to the bias, to every weight times its input, to every input times its weight
            float g = gradOut[o + p];
            gradB[m * s.filters() + f] += g;
            for (int c = 0; c < s.inChannels(); c++) {
              for (int k = 0; k < s.width(); k++) {
                int xi = x + c * s.length() + p + k * s.dilation();
                gradW[wf + c * s.width() + k] += g * in[xi];
                if (gradIn != null) {
                  gradIn[xi] += g * w[wf + c * s.width() + k];
                }
              }
            }
          }
        }
      }
    }
  }

  // ---------------------------------------------------------------- kernels

  private final KernelLauncher launcher;
  private final ConvForwardKernel forwardKernel;
  private final ConvBackwardKernel backwardKernel;
  /** Per-item weight-gradient accumulators, reused and only grown; a stand-in for a skipped input gradient. */
  private float[] part = new float[1];
  private final float[] noGradIn = new float[1];

  ConvOp(KernelLauncher launcher) {
    this.launcher = launcher;
    this.forwardKernel = launcher.bind(new ConvForwardKernel());
    this.backwardKernel = launcher.bind(new ConvBackwardKernel());
  }

  void forward(ConvShape s, float[] in, float[] w, float[] b, float[] out) {
    KernelDevice d = launcher.device();
    // 1. Work items: (model, sample, filter, position tile); all positions of a filter per item on a CPU.
    ConvForwardKernel k = forwardKernel;
    k.shape(s);
    k.tile(d.tile(s.outLength()), 1);
    k.items = s.models() * s.batch() * k.fTiles * k.pTiles;
    // 2. Arguments.
    k.inp = in;
    k.w = w;
    k.bias = b;
    k.outp = out;
    // 3. Upload, run, download.
    k.put(in).put(w).put(b);
    launcher.launch(k, "conv forward", d.global(k.items), 1);
    k.get(out);
  }

  void backward(ConvShape s, float[] in, float[] w, float[] gradOut, float[] gradIn, float[] gradW, float[] gradB) {
    KernelDevice d = launcher.device();
    // 1. Work items: first (model, filter, channel or bias, offset tile) for the weights, then, with an input
    //    gradient, (model, sample, channel, position tile).
    int kTile = d.tile(s.width());
    int kTiles = Tiles.ceilDiv(s.width(), kTile);
    int iTile = d.tile(s.length());
    int iTiles = Tiles.ceilDiv(s.length(), iTile);
    int itemsW = s.models() * s.filters() * (s.inChannels() + 1) * kTiles;
    int itemsIn = gradIn == null ? 0 : s.models() * s.batch() * s.inChannels() * iTiles;
    int global = d.global(itemsW + itemsIn);
    int partStride = Tiles.padded(kTile);
    part = Tiles.grow(part, global * partStride);
    // 2. Arguments.
    ConvBackwardKernel k = backwardKernel;
    k.shape(s);
    k.inp = in;
    k.w = w;
    k.gradOut = gradOut;
    k.gradW = gradW;
    k.gradB = gradB;
    k.gradIn = gradIn == null ? noGradIn : gradIn;
    k.part = part;
    k.partStride = partStride;
    k.kTile = kTile;
    k.kTiles = kTiles;
    k.iTile = iTile;
    k.iTiles = iTiles;
    k.itemsW = itemsW;
    k.itemsIn = itemsIn;
    k.withGradIn = gradIn == null ? 0 : 1;
    // 3. Upload, run, download.
    k.put(in).put(w).put(gradOut);
    launcher.launch(k, "conv backward", global, 1);
    k.get(gradW).get(gradB);
    if (gradIn != null) {
      k.get(gradIn);
    }
  }
}
