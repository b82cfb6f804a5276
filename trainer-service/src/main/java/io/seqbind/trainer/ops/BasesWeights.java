package io.seqbind.trainer.ops;

/**
 * The first layer's weights repacked for gathering: one row of filters per (model, base code, offset), so that
 * the loop that adds a base's weights runs over contiguous filters. Base code 4 (ambiguous) gets its own row,
 * {@code 0.25 w} summed over the four channels in channel order, exactly as {@link BasesConvOp}'s reference sums
 * it. Used by the first-layer kernels and by the engine's fused host layer.
 */
public final class BasesWeights {

  private BasesWeights() {}

  /** Floats of a repacked weight array: {@code [models][5][width][filters]}. */
  public static int packedSize(ConvShape s) {
    return s.models() * 5 * s.width() * s.filters();
  }

  /**
   * {@code packed[m][c][k][f] = w[m][f][c][k]} for the bases {@code c = 0..3}, and {@code c = 4}: the ambiguous
   * row.
   *
   * @param w      {@code [models][filters][4][width]}
   * @param packed {@code [models][5][width][filters]}
   */
  public static void repack(ConvShape s, float[] w, float[] packed) {
    int nf = s.filters();
    int nw = s.width();
    for (int m = 0; m < s.models(); m++) {
      for (int f = 0; f < nf; f++) {
        int wf = (m * nf + f) * 4 * nw;
        for (int k = 0; k < nw; k++) {
          float amb = 0f;
          for (int c = 0; c < 4; c++) {
            float v = w[wf + c * nw + k];
            packed[((m * 5 + c) * nw + k) * nf + f] = v;
            amb += 0.25f * v;
          }
          packed[((m * 5 + 4) * nw + k) * nf + f] = amb;
        }
      }
    }
  }

  /**
   * The inverse for gradients, without the ambiguous row: {@code gradW[m][f][c][k] = packed[m][c][k][f]}.
   *
   * @param packed {@code [models][4][width][filters]}
   * @param gradW  {@code [models][filters][4][width]}
   */
  public static void unpack(ConvShape s, float[] packed, float[] gradW) {
    int nf = s.filters();
    int nw = s.width();
    for (int m = 0; m < s.models(); m++) {
      for (int c = 0; c < 4; c++) {
        for (int k = 0; k < nw; k++) {
          int src = ((m * 4 + c) * nw + k) * nf;
          for (int f = 0; f < nf; f++) {
            gradW[((m * nf + f) * 4 + c) * nw + k] = packed[src + f];
          }
        }
      }
    }
  }
}
