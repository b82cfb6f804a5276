package io.seqbind.trainer.ops.aparapi;

/**
 * Convolution backward pass on a dense input. Items {@code [0, itemsW)}: (model, filter, channel, offset
 * tile) accumulate weight gradients over samples, then positions (channel {@code == inChannels}: the bias
 * gradient), as the reference does. Items {@code [itemsW, itemsW + itemsIn)}, when {@code withGradIn}:
 * (model, sample, channel, position tile) of the input gradient, summed over filters, then offsets in
 * decreasing order (= output positions in increasing order): again the reference's order.
 */
public final class ConvBackwardKernel extends ConvKernel {
  public float[] inp = new float[1];
  public float[] w = new float[1];
  public float[] gradOut = new float[1];
  public float[] gradW = new float[1];
  public float[] gradB = new float[1];
  public float[] gradIn = new float[1];
  /** Per-item weight-gradient accumulators, {@code partStride >= kTile} floats per item (padded). */
  public float[] part = new float[1];
  public int partStride;

  public int kTile;
  public int kTiles;
  public int iTile;
  public int iTiles;
  public int itemsW;
  public int itemsIn;
  public int withGradIn;

  @Override
  public void run() {
    int gid = getGlobalId();
    if (gid < itemsW) {
      weightItem(gid);
    } else {
      if (withGradIn == 1 && gid < itemsW + itemsIn) {
        inputItem(gid - itemsW);
      }
    }
  }

  private void weightItem(int gid) {
    int kt = gid % kTiles;
    int rest = gid / kTiles;
    int c = rest % (inChannels + 1);
    int mf = rest / (inChannels + 1);
    if (c < inChannels) {
      weights(gid * partStride, mf, c, kt);
    } else {
      if (kt == 0) {
        biasOf(mf);
      }
    }
  }

  private void weights(int a, int mf, int c, int kt) {
    int m = mf / filters;
    int f = mf % filters;
    int nw = width;
    int d = dilation;
    int len = length;
    int lOut = outLength;
    int k0 = kt * kTile;
    int k1 = min(k0 + kTile, nw);
    int a0 = a - k0;
    float[] pt = part;
    float[] x0 = inp;
    for (int k = k0; k < k1; k++) {
      pt[a0 + k] = 0f;
    }
    for (int n = 0; n < batch; n++) {
      int mn = m * batch + n;
      int x = (mn * inChannels + c) * len;
      int o = (mn * filters + f) * lOut;
      for (int p = 0; p < lOut; p++) {
        float g = gradOut[o + p];
        int xp = x + p;
        for (int k = k0; k < k1; k++) {
          pt[a0 + k] += g * x0[xp + k * d];
        }
      }
    }
    int wo = (mf * inChannels + c) * nw;
    for (int k = k0; k < k1; k++) {
      gradW[wo + k] = pt[a0 + k];
    }
  }

  private void biasOf(int mf) {
    int m = mf / filters;
    int f = mf % filters;
    int lOut = outLength;
    float sum = 0f;
    for (int n = 0; n < batch; n++) {
      int o = ((m * batch + n) * filters + f) * lOut;
      for (int p = 0; p < lOut; p++) {
        sum += gradOut[o + p];
      }
    }
    gradB[mf] = sum;
  }

  private void inputItem(int item) {
    int it = item % iTiles;
    int rest = item / iTiles;
    int c = rest % inChannels;
    int mn = rest / inChannels;
    int m = mn / batch;
    int nw = width;
    int d = dilation;
    int lOut = outLength;
    int i0 = it * iTile;
    int i1 = min(i0 + iTile, length);
    int xi = (mn * inChannels + c) * length;
    for (int i = i0; i < i1; i++) {
      gradIn[xi + i] = 0f;
    }
    for (int f = 0; f < filters; f++) {
      int o = (mn * filters + f) * lOut;
      int wb = ((m * filters + f) * inChannels + c) * nw;
      for (int k = nw - 1; k >= 0; k--) {
        float wv = w[wb + k];
        int kd = k * d;
        int lo = max(i0, kd);
        int hi = min(i1, lOut + kd);
        int go = o - kd;
        for (int i = lo; i < hi; i++) {
          gradIn[xi + i] += gradOut[go + i] * wv;
        }
      }
    }
  }
}
