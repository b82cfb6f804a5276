package io.seqbind.trainer.ops.aparapi;

/** Average pooling forward: item (row, tile of outputs); the sum runs left to right, then divides. */
public final class AvgPoolForwardKernel extends PoolKernel {
  public float[] inp = new float[1];
  public float[] outp = new float[1];

  @Override
  public void run() {
    int gid = getGlobalId();
    if (gid < items) {
      int qt = gid % qTiles;
      int r = gid / qTiles;
      int q0 = qt * qTile;
      int q1 = min(q0 + qTile, outLength);
      for (int q = q0; q < q1; q++) {
        int start = r * length + q * stride;
        float sum = 0f;
        for (int i = start; i < start + window; i++) {
          sum += inp[i];
        }
        outp[r * outLength + q] = sum / window;
      }
    }
  }
}
