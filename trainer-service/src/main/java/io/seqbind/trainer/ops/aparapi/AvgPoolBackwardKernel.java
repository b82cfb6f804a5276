package io.seqbind.trainer.ops.aparapi;

/**
 * Average pooling backward: item = a tile of rows; each row is cleared, then each output spreads
 * {@code gradOut / window} over its window in output order (overlapping windows add up), as the reference.
 */
public final class AvgPoolBackwardKernel extends PoolKernel {
  public float[] gradOut = new float[1];
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
        for (int q = 0; q < outLength; q++) {
          float g = gradOut[r * outLength + q] / window;
          int start = x + q * stride;
          for (int i = start; i < start + window; i++) {
            gradIn[i] += g;
          }
        }
      }
    }
  }
}
