package io.seqbind.trainer.engine;

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
 * <p>Results equal the unfused {@link BasesConvLayer} + {@link ReluLayer} + {@link GlobalPoolLayer} over
 * {@link io.seqbind.trainer.ops.JavaOps} bit for bit: each output sums the bias and then one weight per
 * offset in increasing order (the ambiguous column precomputed as the reference sums it), ties go to the
 * first position, and each weight gradient receives its non-zero terms in the reference's (sample,
 * position) order; the skipped terms are zeros, which never change a float sum that starts at +0.
 */
final class BasesConvReluMaxLayer {

  /** Forward chunks run in parallel (samples are independent, so results do not depend on it). */
  private static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());

  private final int models;
  private final int length;
  private final int filters;
  private final int width;
  private final int dilation;
  final Param weight;
  final Param bias;
  private final float[] out;
  private final int[] argmax;
  /** One row of filters per (model, base 0..4, offset): {@code wRows[(m * 5 + c) * width + k][f]}. */
  private final float[][] wRows;
  /** Per thread, one row of filters per output position. */
  private final float[][][] acc;
  private final float[][] best;
  private byte[] bases;

  BasesConvReluMaxLayer(ParamStore store, int index, int models, int capacity, int length, int filters,
      int width, int dilation) {
    this.models = models;
    this.length = length;
    this.filters = filters;
    this.width = width;
    this.dilation = dilation;
    this.weight = store.param("layer" + index + ".weight", index, true, 4 * width, filters * 4 * width);
    this.bias = store.param("layer" + index + ".bias", index, false, 4 * width, filters);
    new ConvShape(models, capacity, 4, length, filters, width, dilation); // validates the receptive field
    this.out = new float[models * capacity * filters];
    this.argmax = new int[out.length];
    this.wRows = new float[models * 5 * width][filters];
    int lOut = length - (width - 1) * dilation;
    this.acc = new float[THREADS][lOut][filters];
    this.best = new float[THREADS][filters];
  }

  /** Pooled activations {@code [models][n][filters]}: {@code relu(max over positions of the conv)}. */
  float[] forward(byte[] bases, int n) {
    this.bases = bases;
    repack(weight.value());
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
    float[][] rows = wRows;
    for (int mn = from; mn < to; mn++) {
      int m = mn / n;
      int wm = m * 5 * w;
      int seq = mn * length;
      for (int p = 0; p < lOut; p++) {
        float[] ap = a[p];
        System.arraycopy(b, m * nf, ap, 0, nf);
        for (int k = 0; k < w; k++) {
          float[] row = rows[wm + bases[seq + p + k * d] * w + k];
          for (int f = 0; f < nf; f++) {
            ap[f] += row[f];
          }
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

  /** {@code wRows[m][c][k][f] = w[m][f][c][k]}, and {@code c = 4}: the ambiguous column, summed as JavaOps does. */
  private void repack(float[] w) {
    int nf = filters;
    int nw = width;
    for (int m = 0; m < models; m++) {
      for (int f = 0; f < nf; f++) {
        int wf = (m * nf + f) * 4 * nw;
        for (int k = 0; k < nw; k++) {
          float amb = 0f;
          for (int c = 0; c < 4; c++) {
            float v = w[wf + c * nw + k];
            wRows[(m * 5 + c) * nw + k][f] = v;
            amb += 0.25f * v;
          }
          wRows[(m * 5 + 4) * nw + k][f] = amb;
        }
      }
    }
  }
}
