package io.seqbind.trainer.engine;

import io.seqbind.trainer.ops.BasesWeights;
import io.seqbind.trainer.ops.ConvShape;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The first convolution fused with the ReLU and global max pooling that follow it (DeepBind's
 * {@code conv -> relu -> max}), on the host. Because {@code max_p relu(x_p) = relu(max_p x_p)}, the forward
 * pass keeps only each filter's running maximum and its first position (never materialising the
 * {@code [n][filters][outLength]} activations), and the backward pass adds the pooled gradient at that one
 * position per (sample, filter), skipping the zeros the unfused passes would add.
 *
 * <p>The forward pass reads k-mer tables: for each group of {@code g} consecutive offsets, the summed weight
 * rows of every {@code g}-mer over the five base codes, rebuilt once per call, so each position adds
 * {@code ceil(width / g)} rows instead of {@code width}, with {@code g = min(3, width)}. The group size
 * depends on the layer alone, never on the batch, so a sequence scores the same alone or in any batch.
 * Summing by groups reorders the float additions, so activations
 * equal the unfused {@link BasesConvLayer} + {@link ReluLayer} + {@link GlobalPoolLayer} to rounding (a few
 * ulps), not bit for bit. The backward pass is exact given the argmax: ties go to the first position, and
 * each weight gradient receives its non-zero terms in the reference's (sample, position) order; the skipped
 * terms are zeros, which never change a float sum that starts at +0.
 */
final class BasesConvReluMaxLayer {

  /** Forward chunks run in parallel (samples are independent, so results do not depend on it). */
  private static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());
  /**
   * The k-mer group size for widths from 3 up: 125 rows per group to build, a third of the additions per
   * position; 4-mers (625 rows per group) cost more to build than they save at DeepBind's batch sizes.
   */
  private static final int MAX_GROUP = 3;

  private final int models;
  private final int length;
  private final int filters;
  private final int width;
  private final int dilation;
  private final ConvShape shape;
  final Param weight;
  final Param bias;
  private final float[] out;
  private final int[] argmax;
  /** The weights repacked, one row of filters per (model, base 0..4, offset): {@code [models][5][width][filters]}. */
  private final float[] packed;
  /**
   * One row of filters per (model, group of g offsets, g-mer code): the summed {@link #packed} rows of the g-mer,
   * {@code kmerRows[(m * groups + gi) * 5^g + code][f]}; the code reads the g bases as base-5 digits.
   */
  private final float[][] kmerRows;
  /** Per thread, one row of filters per output position. */
  private final float[][][] acc;
  private final float[][] best;
  /** Per thread, the g-mer code (full groups) and the last group's shorter code starting at each position. */
  private final int[][] fullCodes;
  private final int[][] lastCodes;
  /** Offsets per k-mer group; the last group has {@code width - (groups - 1) * g}. */
  private final int g;
  private final int groups;
  private byte[] bases;

  BasesConvReluMaxLayer(ParamStore store, int index, int models, int capacity, int length, int filters,
      int width, int dilation) {
    this.models = models;
    this.length = length;
    this.filters = filters;
    this.width = width;
    this.dilation = dilation;
    this.shape = new ConvShape(models, capacity, 4, length, filters, width, dilation); // checks the receptive field
    this.weight = store.convWeight("layer" + index, index, shape);
    this.bias = store.convBias("layer" + index, index, shape);
    this.out = new float[models * capacity * filters];
    this.argmax = new int[out.length];
    this.packed = new float[BasesWeights.packedSize(shape)];
    this.g = Math.min(MAX_GROUP, width);
    this.groups = (width + g - 1) / g;
    this.kmerRows = new float[models * groups * pow5(g)][filters];
    int lOut = length - (width - 1) * dilation;
    this.acc = new float[THREADS][lOut][filters];
    this.best = new float[THREADS][filters];
    this.fullCodes = new int[THREADS][length];
    this.lastCodes = new int[THREADS][length];
  }

  private static int pow5(int k) {
    int p = 1;
    for (int i = 0; i < k; i++) {
      p *= 5;
    }
    return p;
  }

  /** Pooled activations {@code [models][n][filters]}: {@code relu(max over positions of the conv)}. */
  float[] forward(byte[] bases, int n) {
    this.bases = bases;
    // 1. Weights to rows of filters per (base, offset), then the summed rows of every k-mer per offset group.
    BasesWeights.repack(shape, weight.value(), packed);
    buildTables();
    // 2. Samples in parallel chunks: the conv as table lookups, then each filter's maximum and its position.
    int samples = models * n;
    int chunks = Math.min(THREADS, Math.max(1, samples / 16));
    if (chunks == 1) {
      forwardSamples(bases, n, 0, samples, 0);
    } else {
      IntStream.range(0, chunks).parallel().forEach(c ->
          forwardSamples(bases, n, (int) ((long) samples * c / chunks), (int) ((long) samples * (c + 1) / chunks), c));
    }
    return out;
  }

  /**
   * Samples {@code [from, to)} of {@code [models][n]}, with scratch rows {@code slot} (one set per thread).
   * Weights and accumulators are arrays of rows (one row of filters per base and offset, one per
   * position) so that the inner loops index both with the same variable from 0, which C2 vectorizes;
   * with offsets into flat arrays it cannot rule out overlap and runs them scalar.
   */
  private void forwardSamples(byte[] bases, int n, int from, int to, int slot) {
    float[] b = bias.value();
    int nf = filters;
    int w = width;
    int d = dilation;
    int lOut = length - (w - 1) * d;
    float[][] a = acc[slot];
    float[] best = this.best[slot];
    float[][] rows = kmerRows;
    int lastSize = w - (groups - 1) * g;
    int[] full = fullCodes[slot];
    int[] last = lastSize == g ? full : lastCodes[slot];
    int perGroup = pow5(g);
    int step = g * d; // a group's first base is g offsets after the previous group's
    for (int mn = from; mn < to; mn++) {
      int m = mn / n;
      int seq = mn * length;
      codes(bases, seq, g, full);
      if (last != full) {
        codes(bases, seq, lastSize, last);
      }
      int tm = m * groups * perGroup;
      int tLast = tm + (groups - 1) * perGroup;
      int lastStart = (groups - 1) * step;
      for (int p = 0; p < lOut; p++) {
        float[] ap = a[p];
        System.arraycopy(b, m * nf, ap, 0, nf);
        for (int gi = 0; gi < groups - 1; gi++) {
          float[] row = rows[tm + gi * perGroup + full[p + gi * step]];
          for (int f = 0; f < nf; f++) {
            ap[f] += row[f];
          }
        }
        float[] row = rows[tLast + last[p + lastStart]];
        for (int f = 0; f < nf; f++) {
          ap[f] += row[f];
        }
      }
      // The maximum (NaN-free sums give the same value as the reference's first-wins scan), then the
      // first position holding it, needed only where the ReLU lets the gradient through.
      System.arraycopy(a[0], 0, best, 0, nf);
      for (int p = 1; p < lOut; p++) {
        float[] ap = a[p];
        for (int f = 0; f < nf; f++) {
          best[f] = Math.max(best[f], ap[f]);
        }
      }
      int o = mn * nf;
      for (int f = 0; f < nf; f++) {
        float v = best[f];
        int at = -1; // -1: the ReLU blocks the gradient
        if (v > 0f) {
          at = 0;
          while (a[at][f] != v) {
            at++;
          }
        }
        out[o + f] = v > 0f ? v : 0f;
        argmax[o + f] = at;
      }
    }
  }

  /** Weight and bias gradients from the gradient of the pooled activations. */
  void backward(float[] gradOut, int n) {
    float[] gw = weight.grad();
    float[] gb = bias.grad();
    int nf = filters;
    int w = width;
    int d = dilation;
    Arrays.fill(gw, 0, models * nf * 4 * w, 0f);
    Arrays.fill(gb, 0, models * nf, 0f);
    for (int m = 0; m < models; m++) {
      for (int s = 0; s < n; s++) {
        int mn = m * n + s;
        int seq = mn * length;
        for (int f = 0; f < nf; f++) {
          int p = argmax[mn * nf + f];
          if (p < 0) {
            continue;
          }
          float g = gradOut[mn * nf + f];
          int mf = m * nf + f;
          gb[mf] += g;
          int wf = mf * 4 * w;
          for (int k = 0; k < w; k++) {
            int base = bases[seq + p + k * d];
            if (base == ConvShape.AMBIGUOUS) {
              float quarter = 0.25f * g;
              for (int c = 0; c < 4; c++) {
                gw[wf + c * w + k] += quarter;
              }
            } else {
              gw[wf + base * w + k] += g;
            }
          }
        }
      }
    }
  }

  /**
   * {@code codes[q]}: the {@code size} bases at {@code q, q + d, ...} of the sequence at {@code seq} as base-5
   * digits, first base most significant, for every {@code q} where they fit.
   */
  private void codes(byte[] bases, int seq, int size, int[] codes) {
    int span = (size - 1) * dilation;
    for (int q = 0; q + span < length; q++) {
      int code = 0;
      for (int j = 0; j < size; j++) {
        code = code * 5 + bases[seq + q + j * dilation];
      }
      codes[q] = code;
    }
  }

  /** {@link #kmerRows} from {@link #packed}: each g-mer's rows summed in increasing offset order. */
  private void buildTables() {
    int nf = filters;
    int w = width;
    int perGroup = pow5(g);
    for (int m = 0; m < models; m++) {
      int wm = m * 5 * w;
      for (int gi = 0; gi < groups; gi++) {
        int k0 = gi * g;
        int size = Math.min(g, w - k0);
        int t0 = (m * groups + gi) * perGroup;
        int codes = pow5(size);
        for (int code = 0; code < codes; code++) {
          float[] row = kmerRows[t0 + code];
          int place = pow5(size - 1);
          System.arraycopy(packed, (wm + (code / place) * w + k0) * nf, row, 0, nf);
          for (int j = 1; j < size; j++) {
            place /= 5;
            int add = (wm + (code / place % 5) * w + k0 + j) * nf;
            for (int f = 0; f < nf; f++) {
              row[f] += packed[add + f];
            }
          }
        }
      }
    }
  }
}
