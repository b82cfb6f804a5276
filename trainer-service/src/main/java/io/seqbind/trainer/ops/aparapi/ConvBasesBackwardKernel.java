package io.seqbind.trainer.ops.aparapi;

/**
 * First-layer weight and bias gradients, two passes. Pass 0 transposes the output gradient to
 * {@code gT[m][n][p][f]} (a tile of positions per item). Pass 1: item (model, offset k, filter tile)
 * accumulates its slice of {@code gwp[m][c][k][f]} (the repacked weight gradient, unpacked by the host)
 * over samples, then positions, in the reference's order, in a private padded region of {@code part}
 * (items on different threads must not share cache lines), then copies it out; offset
 * {@code k == width} computes the bias gradient. An ambiguous base adds {@code 0.25 g} to all four
 * channels, as the reference does.
 */
public final class ConvBasesBackwardKernel extends ConvKernel {
  public byte[] bases = new byte[1];
  public float[] gradOut = new float[1];
  public float[] gT = new float[1];
  public float[] gwp = new float[1];
  public float[] gradB = new float[1];
  /** Per-item accumulators: {@code partStride >= 4 fTile} floats per item of pass 1. */
  public float[] part = new float[1];
  public int partStride;

  public int items0;
  public int items1;

  @Override
  public void run() {
    int gid = getGlobalId();
    if (getPassId() == 0) {
      if (gid < items0) {
        transpose(gid);
      }
    } else {
      if (gid < items1) {
        accumulate(gid);
      }
    }
  }

  private void transpose(int gid) {
    int pt = gid % pTiles;
    int mn = gid / pTiles;
    int nf = filters;
    int lOut = outLength;
    int p0 = pt * pTile;
    int p1 = min(p0 + pTile, lOut);
    int src = mn * nf * lOut;
    int dst = mn * lOut * nf;
    for (int p = p0; p < p1; p++) {
      for (int f = 0; f < nf; f++) {
        gT[dst + p * nf + f] = gradOut[src + f * lOut + p];
      }
    }
  }

  private void accumulate(int gid) {
    int ft = gid % fTiles;
    int rest = gid / fTiles;
    int k = rest % (width + 1);
    int m = rest / (width + 1);
    int f0 = ft * fTile;
    int f1 = min(f0 + fTile, filters);
    if (k < width) {
      weights(gid * partStride - f0, m, k, f0, f1);
    } else {
      biases(gid * partStride - f0, m, f0, f1);
    }
  }

  private void weights(int a, int m, int k, int f0, int f1) {
    int nf = filters;
    int w = width;
    int lOut = outLength;
    int kd = k * dilation;
    int ft = f1 - f0;
    float[] pt = part;
    float[] g = gT;
    for (int c = 0; c < 4; c++) {
      for (int f = f0; f < f1; f++) {
        pt[a + c * ft + f] = 0f;
      }
    }
    for (int n = 0; n < batch; n++) {
      int mn = m * batch + n;
      int seq = mn * length + kd;
      int gRow = mn * lOut * nf;
      for (int p = 0; p < lOut; p++) {
        int base = bases[seq + p];
        int gp = gRow + p * nf;
        if (base == 4) {
          ambiguous(a, ft, gp, f0, f1);
        } else {
          int ab = a + base * ft;
          for (int f = f0; f < f1; f++) {
            pt[ab + f] += g[gp + f];
          }
        }
      }
    }
    int row = w * nf;
    int g0 = (m * 4 * w + k) * nf;
    for (int c = 0; c < 4; c++) {
      for (int f = f0; f < f1; f++) {
        gwp[g0 + c * row + f] = pt[a + c * ft + f];
      }
    }
  }

  private void ambiguous(int a, int ft, int gp, int f0, int f1) {
    for (int f = f0; f < f1; f++) {
      float quarter = 0.25f * gT[gp + f];
      for (int c = 0; c < 4; c++) {
        part[a + c * ft + f] += quarter;
      }
    }
  }

  private void biases(int a, int m, int f0, int f1) {
    int nf = filters;
    int lOut = outLength;
    int bm = m * nf;
    float[] pt = part;
    float[] g = gT;
    for (int f = f0; f < f1; f++) {
      pt[a + f] = 0f;
    }
    for (int n = 0; n < batch; n++) {
      int gRow = (m * batch + n) * lOut * nf;
      for (int p = 0; p < lOut; p++) {
        int gp = gRow + p * nf;
        for (int f = f0; f < f1; f++) {
          pt[a + f] += g[gp + f];
        }
      }
    }
    for (int f = f0; f < f1; f++) {
      gradB[bm + f] = pt[a + f];
    }
  }
}
