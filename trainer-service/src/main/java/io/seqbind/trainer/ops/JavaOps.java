package io.seqbind.trainer.ops;

import java.util.Arrays;

/**
 * Plain single-threaded Java implementation of the convolution and pooling passes: the reference that the
 * Aparapi kernels are tested against, and the fallback that needs nothing but a JVM. Loops run in one
 * documented order (over {@code c}, then {@code k}, accumulating into a float) so that a kernel that
 * follows the same order can be compared bit for bit.
 */
public final class JavaOps implements ConvOps, PoolOps {

  @Override
  public void forwardBases(ConvShape s, byte[] bases, float[] w, float[] b, float[] out) {
    int lOut = s.outLength();
    for (int m = 0; m < s.models(); m++) {
      for (int n = 0; n < s.batch(); n++) {
        int seq = (m * s.batch() + n) * s.length();
        for (int f = 0; f < s.filters(); f++) {
          int wf = (m * s.filters() + f) * 4 * s.width();
          int o = ((m * s.batch() + n) * s.filters() + f) * lOut;
          for (int p = 0; p < lOut; p++) {
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

  @Override
  public void backwardBases(ConvShape s, byte[] bases, float[] gradOut, float[] gradW, float[] gradB) {
    Arrays.fill(gradW, 0, s.weightSize(), 0f);
    Arrays.fill(gradB, 0, s.biasSize(), 0f);
    int lOut = s.outLength();
    for (int m = 0; m < s.models(); m++) {
      for (int f = 0; f < s.filters(); f++) {
        int wf = (m * s.filters() + f) * 4 * s.width();
        float bias = 0f;
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

  @Override
  public void forward(ConvShape s, float[] in, float[] w, float[] b, float[] out) {
    int lOut = s.outLength();
    int cw = s.inChannels() * s.width();
    for (int m = 0; m < s.models(); m++) {
      for (int n = 0; n < s.batch(); n++) {
        int x = (m * s.batch() + n) * s.inChannels() * s.length();
        for (int f = 0; f < s.filters(); f++) {
          int wf = (m * s.filters() + f) * cw;
          int o = ((m * s.batch() + n) * s.filters() + f) * lOut;
          for (int p = 0; p < lOut; p++) {
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

  @Override
  public void backward(ConvShape s, float[] in, float[] w, float[] gradOut, float[] gradIn, float[] gradW,
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

  @Override
  public void maxForward(PoolShape s, float[] in, float[] out, int[] argmax) {
    int lOut = s.outLength();
    int rows = s.models() * s.batch() * s.channels();
    for (int r = 0; r < rows; r++) {
      for (int q = 0; q < lOut; q++) {
        int start = r * s.length() + q * s.stride();
        int best = start;
        for (int i = start + 1; i < start + s.window(); i++) {
          if (in[i] > in[best]) {
            best = i;
          }
        }
        out[r * lOut + q] = in[best];
        argmax[r * lOut + q] = best;
      }
    }
  }

  @Override
  public void maxBackward(PoolShape s, float[] gradOut, int[] argmax, float[] gradIn) {
    Arrays.fill(gradIn, 0, s.inputSize(), 0f);
    for (int o = 0; o < s.outputSize(); o++) {
      gradIn[argmax[o]] += gradOut[o];
    }
  }

  @Override
  public void avgForward(PoolShape s, float[] in, float[] out) {
    int lOut = s.outLength();
    int rows = s.models() * s.batch() * s.channels();
    for (int r = 0; r < rows; r++) {
      for (int q = 0; q < lOut; q++) {
        int start = r * s.length() + q * s.stride();
        float sum = 0f;
        for (int i = start; i < start + s.window(); i++) {
          sum += in[i];
        }
        out[r * lOut + q] = sum / s.window();
      }
    }
  }

  @Override
  public void avgBackward(PoolShape s, float[] gradOut, float[] gradIn) {
    Arrays.fill(gradIn, 0, s.inputSize(), 0f);
    int lOut = s.outLength();
    int rows = s.models() * s.batch() * s.channels();
    for (int r = 0; r < rows; r++) {
      for (int q = 0; q < lOut; q++) {
        float g = gradOut[r * lOut + q] / s.window();
        int start = r * s.length() + q * s.stride();
        for (int i = start; i < start + s.window(); i++) {
          gradIn[i] += g;
        }
      }
    }
  }
}
