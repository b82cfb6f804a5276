package io.seqbind.trainer.ops.aparapi;

/**
 * Max pooling backward: item = a tile of {@code rTile} rows. Each row's input gradient is cleared, then
 * every output of the row adds its gradient to its winner in output order (overlapping windows can share
 * a winner), as the reference does. Winners must lie in their own row, as {@link MaxPoolForwardKernel}
 * records them.
 */
public final class MaxPoolBackwardKernel extends PoolKernel {
  public float[] gradOut = new float[1];
  public int[] argmax = new int[1];
  public float[] gradIn = new float[1];

  @Override
  public void run() {
    int gid = getGlobalId();
    if (gid < items) {
      int r0 = gid * rTile;
      int r1 = min(r0 + rTile, rows);
      for (int r = r0; r < r1; r++) {
        int x = r * length;
        for (int i = 0; i < length; i++) {
          gradIn[x + i] = 0f;
        }
        int o = r * outLength;
        for (int q = 0; q < outLength; q++) {
          gradIn[argmax[o + q]] += gradOut[o + q];
        }
      }
    }
  }
}
