package io.seqbind.trainer.engine;

import io.seqbind.core.model.LayerSpec;
import io.seqbind.core.model.ModelSpec;
import io.seqbind.core.model.PoolMode;
import io.seqbind.core.model.ReverseComplement;
import io.seqbind.core.model.TaskType;
import java.util.List;
import java.util.Map;

/**
 * A double-precision forward pass and loss of ONE model, written from the definitions (one-hot input,
 * loops per sample and position, nothing shared with the engine's code), for finite-difference gradient
 * checks. It reads parameters by the engine's tensor names and PyTorch layouts ({@code layerI.weight}
 * {@code [out][in][width]}, dense {@code [units][channels*length]}, {@code head.*}). Dropout masks are
 * given (those the engine drew), one {@code [2n or n][values]} array per dropout layer in order.
 */
final class DoubleReference {

  private final ModelSpec spec;
  private final Map<String, double[]> p;
  private final List<double[]> masks;

  DoubleReference(ModelSpec spec, Map<String, double[]> params, List<double[]> masks) {
    this.spec = spec;
    this.p = params;
    this.masks = masks;
  }

  /** Outputs {@code [n][tasks]} of the model for base codes {@code [n][length]} in training mode. */
  double[][] forward(byte[][] bases) {
    int n = bases.length;
    boolean rc = spec.reverseComplement() != ReverseComplement.OFF;
    int samples = rc ? 2 * n : n;
    int length = bases[0].length;
    // x[s][c][p]: samples 0..n-1 forward, n..2n-1 reverse complements (batch norm sees both, as the engine).
    double[][][] x = new double[samples][4][length];
    for (int s = 0; s < samples; s++) {
      for (int q = 0; q < length; q++) {
        int b = s < n ? bases[s][q] : complement(bases[s - n][length - 1 - q]);
        for (int c = 0; c < 4; c++) {
          x[s][c][q] = b == 4 ? 0.25 : (b == c ? 1 : 0);
        }
      }
    }
    int dropoutIndex = 0;
    for (int i = 0; i < spec.layers().size(); i++) {
      LayerSpec layer = spec.layers().get(i);
      if (layer instanceof LayerSpec.Conv c) {
        x = conv(x, p.get("layer" + i + ".weight"), p.get("layer" + i + ".bias"), c.filters(), c.width(), c.dilation());
      } else if (layer instanceof LayerSpec.Relu) {
        for (double[][] sample : x) {
          for (double[] row : sample) {
            for (int q = 0; q < row.length; q++) {
              row[q] = Math.max(0, row[q]);
            }
          }
        }
      } else if (layer instanceof LayerSpec.GlobalPool g) {
        x = globalPool(x, g.mode());
      } else if (layer instanceof LayerSpec.LocalMaxPool lp) {
        x = localMax(x, lp.window(), lp.stride());
      } else if (layer instanceof LayerSpec.Dropout) {
        double[] mask = masks.get(dropoutIndex++);
        for (int s = 0; s < samples; s++) {
          int per = x[s].length * x[s][0].length;
          for (int c = 0; c < x[s].length; c++) {
            for (int q = 0; q < x[s][c].length; q++) {
              x[s][c][q] *= mask[s * per + c * x[s][c].length + q];
            }
          }
        }
      } else if (layer instanceof LayerSpec.Dense d) {
        x = dense(x, p.get("layer" + i + ".weight"), p.get("layer" + i + ".bias"), d.units());
      } else if (layer instanceof LayerSpec.BatchNorm bn) {
        x = batchNorm(x, p.get("layer" + i + ".gamma"), p.get("layer" + i + ".beta"), bn.epsilon());
      }
    }
    x = dense(x, p.get("head.weight"), p.get("head.bias"), spec.head().tasks());
    double[][] out = new double[n][spec.head().tasks()];
    for (int s = 0; s < n; s++) {
      for (int t = 0; t < out[s].length; t++) {
        double f = x[s][t][0];
        if (!rc) {
          out[s][t] = f;
        } else {
          double r = x[n + s][t][0];
          out[s][t] = spec.reverseComplement() == ReverseComplement.MAX ? Math.max(f, r) : (f + r) / 2;
        }
      }
    }
    return out;
  }

  /** Mean loss over labelled entries ({@code labels[n][tasks]}, NaN = missing). */
  double loss(byte[][] bases, double[][] labels) {
    double[][] out = forward(bases);
    double sum = 0;
    int count = 0;
    for (int s = 0; s < out.length; s++) {
      for (int t = 0; t < out[s].length; t++) {
        double y = labels[s][t];
        if (Double.isNaN(y)) {
          continue;
        }
        double z = out[s][t];
        if (spec.head().type() == TaskType.BINARY) {
          double prob = 1 / (1 + Math.exp(-z));
          sum += -(y * Math.log(prob) + (1 - y) * Math.log(1 - prob));
        } else {
          sum += (z - y) * (z - y);
        }
        count++;
      }
    }
    return sum / count;
  }

  private static int complement(int b) {
    return b == 4 ? 4 : 3 - b;
  }

  private static double[][][] conv(double[][][] x, double[] w, double[] b, int filters, int width, int dilation) {
    int in = x[0].length;
    int lOut = x[0][0].length - (width - 1) * dilation;
    double[][][] y = new double[x.length][filters][lOut];
    for (int s = 0; s < x.length; s++) {
      for (int f = 0; f < filters; f++) {
        for (int q = 0; q < lOut; q++) {
          double sum = b[f];
          for (int c = 0; c < in; c++) {
            for (int k = 0; k < width; k++) {
              sum += w[(f * in + c) * width + k] * x[s][c][q + k * dilation];
            }
          }
          y[s][f][q] = sum;
        }
      }
    }
    return y;
  }

  private static double[][][] globalPool(double[][][] x, PoolMode mode) {
    int channels = x[0].length;
    int outChannels = mode == PoolMode.MAX_AVG ? 2 * channels : channels;
    double[][][] y = new double[x.length][outChannels][1];
    for (int s = 0; s < x.length; s++) {
      for (int c = 0; c < channels; c++) {
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (double v : x[s][c]) {
          max = Math.max(max, v);
          sum += v;
        }
        double mean = sum / x[s][c].length;
        switch (mode) {
          case MAX -> y[s][c][0] = max;
          case AVG -> y[s][c][0] = mean;
          case MAX_AVG -> {
            y[s][c][0] = max;
            y[s][channels + c][0] = mean;
          }
          default -> throw new IllegalStateException();
        }
      }
    }
    return y;
  }

  private static double[][][] localMax(double[][][] x, int window, int stride) {
    int lOut = (x[0][0].length - window) / stride + 1;
    double[][][] y = new double[x.length][x[0].length][lOut];
    for (int s = 0; s < x.length; s++) {
      for (int c = 0; c < x[s].length; c++) {
        for (int q = 0; q < lOut; q++) {
          double max = Double.NEGATIVE_INFINITY;
          for (int k = 0; k < window; k++) {
            max = Math.max(max, x[s][c][q * stride + k]);
          }
          y[s][c][q] = max;
        }
      }
    }
    return y;
  }

  private static double[][][] dense(double[][][] x, double[] w, double[] b, int units) {
    int channels = x[0].length;
    int length = x[0][0].length;
    double[][][] y = new double[x.length][units][1];
    for (int s = 0; s < x.length; s++) {
      for (int u = 0; u < units; u++) {
        double sum = b[u];
        for (int c = 0; c < channels; c++) {
          for (int q = 0; q < length; q++) {
            sum += w[u * channels * length + c * length + q] * x[s][c][q];
          }
        }
        y[s][u][0] = sum;
      }
    }
    return y;
  }

  /** Training-mode batch norm: per channel, biased variance over samples and positions. */
  private static double[][][] batchNorm(double[][][] x, double[] gamma, double[] beta, double eps) {
    double[][][] y = new double[x.length][x[0].length][x[0][0].length];
    for (int c = 0; c < x[0].length; c++) {
      double sum = 0;
      int count = 0;
      for (double[][] sample : x) {
        for (double v : sample[c]) {
          sum += v;
          count++;
        }
      }
      double mean = sum / count;
      double sq = 0;
      for (double[][] sample : x) {
        for (double v : sample[c]) {
          sq += (v - mean) * (v - mean);
        }
      }
      double std = Math.sqrt(sq / count + eps);
      for (int s = 0; s < x.length; s++) {
        for (int q = 0; q < x[s][c].length; q++) {
          y[s][c][q] = gamma[c] * (x[s][c][q] - mean) / std + beta[c];
        }
      }
    }
    return y;
  }
}
