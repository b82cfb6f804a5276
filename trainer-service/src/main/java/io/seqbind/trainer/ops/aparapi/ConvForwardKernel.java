package io.seqbind.trainer.ops.aparapi;

/**
 * Convolution forward pass on a dense input (stacked layers). Item (model, sample, filter tile, position
 * tile): on a CPU one filter and all positions per item, the inner loop running over contiguous positions
 * of the input and output rows; on a GPU one output element per item. Each output starts at the bias and
 * adds {@code w[c][k] * in[c][p + k d]} over channels, then offsets: the reference's order.
 */
public final class ConvForwardKernel extends ConvKernel {
  public float[] inp = new float[1];
  public float[] w = new float[1];
  public float[] bias = new float[1];
  public float[] outp = new float[1];

  @Override
  public void run() {
    int gid = getGlobalId();
    if (gid < items) {
      int pt = gid % pTiles;
      int rest = gid / pTiles;
      int ft = rest % fTiles;
      int mn = rest / fTiles;
      int m = mn / batch;
      int nc = inChannels;
      int nw = width;
      int d = dilation;
      int len = length;
      int lOut = outLength;
      int p0 = pt * pTile;
      int p1 = min(p0 + pTile, lOut);
      int f0 = ft * fTile;
      int f1 = min(f0 + fTile, filters);
      int x = mn * nc * len;
      for (int f = f0; f < f1; f++) {
        int mf = m * filters + f;
        int wf = mf * nc * nw;
        int o = (mn * filters + f) * lOut;
        float b = bias[mf];
        for (int p = p0; p < p1; p++) {
          outp[o + p] = b;
        }
        for (int c = 0; c < nc; c++) {
          for (int k = 0; k < nw; k++) {
            float wv = w[wf + c * nw + k];
            int xi = x + c * len + k * d;
            for (int p = p0; p < p1; p++) {
              outp[o + p] += wv * inp[xi + p];
            }
          }
        }
      }
    }
  }
}
