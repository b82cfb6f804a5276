package io.seqbind.trainer.ops.aparapi;

/**
 * First-layer convolution forward pass on base codes. Each work item computes a tile of {@code pTile}
 * positions x {@code fTile} filters of one (model, sample): on a CPU one item per sample and all filters,
 * so that the inner loop runs over contiguous filters of the repacked weights {@code wp[m][base][k][f]}
 * (base 4 = ambiguous, precomputed as the sum of 0.25 w over the four channels exactly as the reference
 * does it); on a GPU one output element per item. Each output starts at the bias and adds one weight per
 * offset {@code k} in increasing order: the reference's order, so Java thread-pool results are identical.
 */
public final class ConvBasesForwardKernel extends ConvKernel {
  public byte[] bases = new byte[1];
  public float[] wp = new float[1];
  public float[] bias = new float[1];
  public float[] outp = new float[1];
  /**
   * Per-item accumulators, {@code accStride} floats per work item: at least {@code fTile}, padded so that
   * items on different threads never share a cache line.
   */
  public float[] acc = new float[1];
  public int accStride;

  @Override
  public void run() {
    int gid = getGlobalId();
    if (gid < items) {
      int ft = gid % fTiles;
      int rest = gid / fTiles;
      int pt = rest % pTiles;
      int mn = rest / pTiles;
      int m = mn / batch;
      int nf = filters;
      int w = width;
      int d = dilation;
      int lOut = outLength;
      int f0 = ft * fTile;
      int f1 = min(f0 + fTile, nf);
      int p0 = pt * pTile;
      int p1 = min(p0 + pTile, lOut);
      int seq = mn * length;
      int wm = m * 5 * w * nf;
      int bm = m * nf;
      int a = gid * accStride - f0;
      int o = mn * nf * lOut;
      float[] accL = acc;
      float[] wpL = wp;
      for (int p = p0; p < p1; p++) {
        for (int f = f0; f < f1; f++) {
          acc[a + f] = bias[bm + f];
        }
        for (int k = 0; k < w; k++) {
          int base = bases[seq + p + k * d];
          int wr = wm + (base * w + k) * nf;
          for (int f = f0; f < f1; f++) {
            accL[a + f] += wpL[wr + f];
          }
        }
        for (int f = f0; f < f1; f++) {
          outp[o + f * lOut + p] = acc[a + f];
        }
      }
    }
  }
}
