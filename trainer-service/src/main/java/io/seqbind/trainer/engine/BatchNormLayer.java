package io.seqbind.trainer.engine;

/**
 * Batch normalisation per model and channel over the batch and positions (Basset), as PyTorch's
 * BatchNorm1d: training normalises with the batch mean and biased variance and moves the running mean and
 * unbiased variance by {@code momentum}; inference uses the running statistics. Sums run in double so that
 * long batches do not lose the small variances.
 */
final class BatchNormLayer implements Layer {

  private final int models;
  private final int channels;
  private final int length;
  private final double epsilon;
  private final double momentum;
  final Param gamma;
  final Param beta;
  final float[] runningMean;
  final float[] runningVar;
  private final float[] xhat;
  private final float[] invStd;
  private final float[] out;
  private final float[] gradIn;
  private boolean trainingPass;

  BatchNormLayer(ParamStore store, int index, int models, int capacity, int channels, int length, double epsilon,
      double momentum) {
    this.models = models;
    this.channels = channels;
    this.length = length;
    this.epsilon = epsilon;
    this.momentum = momentum;
    this.gamma = store.param("layer" + index + ".gamma", index, false, 1, channels);
    this.beta = store.param("layer" + index + ".beta", index, false, 1, channels);
    this.runningMean = store.buffer("layer" + index + ".running_mean", channels, 0f);
    this.runningVar = store.buffer("layer" + index + ".running_var", channels, 1f);
    this.xhat = new float[models * capacity * channels * length];
    this.invStd = new float[models * channels];
    this.out = new float[xhat.length];
    this.gradIn = new float[xhat.length];
  }

  /** Scale 1 and shift 0: the identity on normalised values, PyTorch's initialisation. */
  void initialise() {
    java.util.Arrays.fill(gamma.value(), 1f);
    java.util.Arrays.fill(beta.value(), 0f);
    java.util.Arrays.fill(runningMean, 0f);
    java.util.Arrays.fill(runningVar, 1f);
  }

  private int at(int m, int n, int sample, int c) {
    return ((m * n + sample) * channels + c) * length;
  }

  @Override
  public float[] forward(float[] in, int n, boolean training) {
    trainingPass = training;
    int count = n * length;
    for (int m = 0; m < models; m++) {
      for (int c = 0; c < channels; c++) {
        int mc = m * channels + c;
        double mean;
        double var;
        if (training) {
          double sum = 0;
          for (int s = 0; s < n; s++) {
            int o = at(m, n, s, c);
            for (int p = 0; p < length; p++) {
              sum += in[o + p];
            }
          }
          mean = sum / count;
          double sq = 0;
          for (int s = 0; s < n; s++) {
            int o = at(m, n, s, c);
            for (int p = 0; p < length; p++) {
              double d = in[o + p] - mean;
              sq += d * d;
            }
          }
          var = sq / count;
          double unbiased = count > 1 ? sq / (count - 1) : var;
          runningMean[mc] = (float) ((1 - momentum) * runningMean[mc] + momentum * mean);
          runningVar[mc] = (float) ((1 - momentum) * runningVar[mc] + momentum * unbiased);
        } else {
          mean = runningMean[mc];
          var = runningVar[mc];
        }
        float inv = (float) (1.0 / Math.sqrt(var + epsilon));
        invStd[mc] = inv;
        float g = gamma.value()[mc];
        float b = beta.value()[mc];
        for (int s = 0; s < n; s++) {
          int o = at(m, n, s, c);
          for (int p = 0; p < length; p++) {
            float x = (float) ((in[o + p] - mean) * inv);
            xhat[o + p] = x;
            out[o + p] = g * x + b;
          }
        }
      }
    }
    return out;
  }

  /**
   * With batch statistics the mean and variance depend on every input, which gives the usual
   * {@code dx = invStd/N * (N*dxhat - sum(dxhat) - xhat*sum(dxhat*xhat))}; with running statistics the
   * layer is affine and {@code dx = gamma*invStd*dy}.
   */
  @Override
  public float[] backward(float[] gradOut, int n) {
    int count = n * length;
    for (int m = 0; m < models; m++) {
      for (int c = 0; c < channels; c++) {
        int mc = m * channels + c;
        double sumG = 0;
        double sumGx = 0;
        for (int s = 0; s < n; s++) {
          int o = at(m, n, s, c);
          for (int p = 0; p < length; p++) {
            sumG += gradOut[o + p];
            sumGx += gradOut[o + p] * (double) xhat[o + p];
          }
        }
        gamma.grad()[mc] = (float) sumGx;
        beta.grad()[mc] = (float) sumG;
        double g = gamma.value()[mc];
        double inv = invStd[mc];
        for (int s = 0; s < n; s++) {
          int o = at(m, n, s, c);
          for (int p = 0; p < length; p++) {
            double dx = trainingPass
                ? g * inv / count * (count * gradOut[o + p] - sumG - xhat[o + p] * sumGx)
                : g * inv * gradOut[o + p];
            gradIn[o + p] = (float) dx;
          }
        }
      }
    }
    return gradIn;
  }
}
