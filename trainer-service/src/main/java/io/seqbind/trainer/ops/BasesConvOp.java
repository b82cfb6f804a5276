package io.seqbind.trainer.ops;

import io.seqbind.trainer.ops.aparapi.ConvBasesBackwardKernel;
import io.seqbind.trainer.ops.aparapi.ConvBasesForwardKernel;
import java.util.Arrays;

/**
 * Op: the first convolution, on base codes ({@code out = conv(onehot(bases), w) + b}; the one-hot input is
 * never materialised: a base selects one weight column, an ambiguous base adds a quarter of each).
 * Shapes ({@link ConvShape}, {@code inChannels == 4}): bases {@code [models][batch][length]}, w
 * {@code [models][filters][4][width]}, b {@code [models][filters]}, out {@code [models][batch][filters][outLength]}.
 *
 * <p>Both implementations, side by side: the Java reference ({@link #forwardReference},
 * {@link #backwardReference}; {@link JavaOps} runs them and the kernels are tested against them) and the
 * kernels ({@link #forward}, {@link #backward}: {@link ConvBasesForwardKernel}, {@link ConvBasesBackwardKernel}),
 * which keep the reference's order of additions.
 */
final class BasesConvOp {

  // ---------------------------------------------------------------- Java reference

  static void forwardReference(ConvShape s, byte[] bases, float[] w, float[] b, float[] out) {
    int lOut = s.outLength();
    for (int m = 0; m < s.models(); m++) {
      for (int n = 0; n < s.batch(); n++) {
        int seq = (m * s.batch() + n) * s.length();
        for (int f = 0; f < s.filters(); f++) {
          int wf = (m * s.filters() + f) * 4 * s.width();
          int o = ((m * s.batch() + n) * s.filters() + f) * lOut;
          for (int p = 0; p < lOut; p++) {
            // out[m][n][f][p] = b[m][f] + sum over offsets k, in increasing order, of the column its base selects
            float sum = b[m * s.filters() + f];
            for (int k = 0; k < s.width(); k++) {
              sum += oneHotDot(bases[seq + p + k * s.dilation()], w, wf + k, s.width());
            }
            out[o + p] = sum;
          }
        }
      }
    }
  }

  /** Weight and bias gradients: {@code gradW [models][filters][4][width]}, {@code gradB [models][filters]}. */
  static void backwardReference(ConvShape s, byte[] bases, float[] gradOut, float[] gradW, float[] gradB) {
    Arrays.fill(gradW, 0, s.weightSize(), 0f);
    Arrays.fill(gradB, 0, s.biasSize(), 0f);
    int lOut = s.outLength();
    for (int m = 0; m < s.models(); m++) {
      for (int f = 0; f < s.filters(); f++) {
        int wf = (m * s.filters() + f) * 4 * s.width();
        float bias = 0f;
        // over samples, then positions: each output gradient goes to the bias and to the column each offset selected
        for (int n = 0; n < s.batch(); n++) {
          int seq = (m * s.batch() + n) * s.length();
          int o = ((m * s.batch() + n) * s.filters() + f) * lOut;
          for (int p = 0; p < lOut; p++) {
            float g = gradOut[o + p];
            bias += g;
            for (int k = 0; k < s.width(); k++) {
              int base = bases[seq + p + k * s.dilation()];
              if (base == ConvShape.AMBIGUOUS) {
                float quarter = 0.25f * g;
                for (int c = 0; c < 4; c++) {
                  gradW[wf + c * s.width() + k] += quarter;
                }
              } else {
                gradW[wf + base * s.width() + k] += g;
              }
            }
          }
        }
        gradB[m * s.filters() + f] = bias;
      }
    }
  }

  /** The dot product of a one-hot (or all-0.25) column with the weight column {@code k} of a filter. */
  private static float oneHotDot(byte base, float[] w, int filterOffsetPlusK, int width) {
    if (base == ConvShape.AMBIGUOUS) {
      float sum = 0f;
      for (int c = 0; c < 4; c++) {
        sum += 0.25f * w[filterOffsetPlusK + c * width];
      }
      return sum;
    }
    return w[filterOffsetPlusK + base * width];
  }

  // ---------------------------------------------------------------- kernels

  private final KernelLauncher launcher;
  private final ConvBasesForwardKernel forwardKernel;
  private final ConvBasesBackwardKernel backwardKernel;
  /** Scratch, reused and only grown: repacked weights, per-item accumulators, transposed and packed gradients. */
  private float[] wp = new float[1];
  private float[] acc = new float[1];
  private float[] gT = new float[1];
  private float[] gwp = new float[1];
  private float[] part = new float[1];

  BasesConvOp(KernelLauncher launcher) {
    this.launcher = launcher;
    this.forwardKernel = launcher.bind(new ConvBasesForwardKernel());
    this.backwardKernel = launcher.bind(new ConvBasesBackwardKernel());
  }

  void forward(ConvShape s, byte[] bases, float[] w, float[] b, float[] out) {
    requireFourChannels(s);
    KernelDevice d = launcher.device();
    // 1. Weights to [models][5][width][filters]: a base's row of filters is contiguous.
    wp = Tiles.grow(wp, BasesWeights.packedSize(s));
    BasesWeights.repack(s, w, wp);
    // 2. Work items: (model, sample, position tile, filter tile); a whole sample per item on a CPU.
    ConvBasesForwardKernel k = forwardKernel;
    k.shape(s);
    k.tile(d.tile(s.outLength()), d.tile(s.filters()));
    k.items = s.models() * s.batch() * k.pTiles * k.fTiles;
    int global = d.global(k.items);
    int accStride = Tiles.padded(k.fTile);
    acc = Tiles.grow(acc, global * accStride);
    // 3. Arguments.
    k.bases = bases;
    k.wp = wp;
    k.bias = b;
    k.outp = out;
    k.acc = acc;
    k.accStride = accStride;
    // 4. Upload the inputs, run, download the output.
    k.put(bases).put(wp).put(b);
    launcher.launch(k, "conv forward (bases)", global, 1);
    k.get(out);
  }

  void backward(ConvShape s, byte[] bases, float[] gradOut, float[] gradW, float[] gradB) {
    requireFourChannels(s);
    KernelDevice d = launcher.device();
    // 1. Work items of pass 0 (transpose gradOut): (model, sample, position tile); of pass 1 (accumulate):
    //    (model, offset or bias, filter tile).
    ConvBasesBackwardKernel k = backwardKernel;
    k.shape(s);
    k.tile(d.tile(s.outLength()), d.tile(s.filters()));
    k.items0 = s.models() * s.batch() * k.pTiles;
    k.items1 = s.models() * (s.width() + 1) * k.fTiles;
    int global = d.global(Math.max(k.items0, k.items1));
    int partStride = Tiles.padded(4 * k.fTile);
    gT = Tiles.grow(gT, s.outputSize());
    gwp = Tiles.grow(gwp, s.models() * 4 * s.width() * s.filters());
    part = Tiles.grow(part, global * partStride);
    // 2. Arguments.
    k.bases = bases;
    k.gradOut = gradOut;
    k.gT = gT;
    k.gwp = gwp;
    k.gradB = gradB;
    k.part = part;
    k.partStride = partStride;
    // 3. Upload, run both passes, download; the weight gradient comes back packed [models][4][width][filters].
    k.put(bases).put(gradOut);
    launcher.launch(k, "conv backward (bases)", global, 2);
    k.get(gwp).get(gradB);
    BasesWeights.unpack(s, gwp, gradW);
  }

  private static void requireFourChannels(ConvShape s) {
    if (s.inChannels() != 4) {
      throw new IllegalArgumentException("a convolution on base codes has 4 input channels, not " + s.inChannels());
    }
  }
}
