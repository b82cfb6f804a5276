package io.seqbind.trainer.ops.aparapi;

/**
 * Max pooling forward: item (row, tile of {@code qTile} outputs); a row is one (model, sample, channel).
 * The first maximum wins ties, as in the reference; {@code argmax} holds the winner's index into the input.
 */
public final class MaxPoolForwardKernel extends PoolKernel {
  public float[] inp = new float[1];
  public float[] outp = new float[1];
  public int[] argmax = new int[1];

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
        int best = start;
        for (int i = start + 1; i < start + window; i++) {
          if (inp[i] > inp[best]) {
            best = i;
          }
        }
        outp[r * outLength + q] = inp[best];
        argmax[r * outLength + q] = best;
      }
    }
  }
}
