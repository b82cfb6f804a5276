package io.seqbind.trainer.ops;

import io.seqbind.trainer.ops.aparapi.AvgPoolBackwardKernel;
import io.seqbind.trainer.ops.aparapi.AvgPoolForwardKernel;
import java.util.Arrays;

/**
 * Op: average pooling over positions. Shapes ({@link PoolShape}): in {@code [models][batch][channels][length]},
 * out {@code [models][batch][channels][outLength]}.
 *
 * <p>Both implementations, side by side: the Java reference ({@link #forwardReference},
 * {@link #backwardReference}) and the kernels ({@link #forward}, {@link #backward}: {@link AvgPoolForwardKernel},
 * {@link AvgPoolBackwardKernel}), which sum in the reference's order.
 */
final class AvgPoolOp {

  // ---------------------------------------------------------------- Java reference

  static void forwardReference(PoolShape s, float[] in, float[] out) {
    int lOut = s.outLength();
    int rows = s.models() * s.batch() * s.channels();
    for (int r = 0; r < rows; r++) {
      for (int q = 0; q < lOut; q++) {
        // sum window q of row r left to right, then divide
        int start = r * s.length() + q * s.stride();
        float sum = 0f;
        for (int i = start; i < start + s.window(); i++) {
          sum += in[i];
        }
        out[r * lOut + q] = sum / s.window();
      }
    }
  }

  /** {@code gradIn} ({@code [models][batch][channels][length]}): each output gradient spread over its window. */
  static void backwardReference(PoolShape s, float[] gradOut, float[] gradIn) {
    Arrays.fill(gradIn, 0, s.inputSize(), 0f);
    int lOut = s.outLength();
    int rows = s.models() * s.batch() * s.channels();
    for (int r = 0; r < rows; r++) {
      for (int q = 0; q < lOut; q++) {
        // overlapping windows add up, in output order
        float g = gradOut[r * lOut + q] / s.window();
        int start = r * s.length() + q * s.stride();
        for (int i = start; i < start + s.window(); i++) {
          gradIn[i] += g;
        }
      }
    }
  }

  // ---------------------------------------------------------------- kernels

  private final KernelLauncher launcher;
  private final AvgPoolForwardKernel forwardKernel;
  private final AvgPoolBackwardKernel backwardKernel;

  AvgPoolOp(KernelLauncher launcher) {
    this.launcher = launcher;
    this.forwardKernel = launcher.bind(new AvgPoolForwardKernel());
    this.backwardKernel = launcher.bind(new AvgPoolBackwardKernel());
  }

  void forward(PoolShape s, float[] in, float[] out) {
    KernelDevice d = launcher.device();
    AvgPoolForwardKernel k = forwardKernel;
    // 1. Work items: (row, output tile); a whole row per item on a CPU.
    int items = k.tileOutputs(s, d.tile(s.outLength()));
    // 2. Arguments.
    k.inp = in;
    k.outp = out;
    // 3. Upload, run, download.
    k.put(in);
    launcher.launch(k, "average pool forward", d.global(items), 1);
    k.get(out);
  }

  void backward(PoolShape s, float[] gradOut, float[] gradIn) {
    KernelDevice d = launcher.device();
    AvgPoolBackwardKernel k = backwardKernel;
    // 1. Work items: tiles of whole rows (a row's windows never reach another row).
    int items = k.tileRows(s, d.rowTile(s.models() * s.batch() * s.channels()));
    // 2. Arguments.
    k.gradOut = gradOut;
    k.gradIn = gradIn;
    // 3. Upload, run, download.
    k.put(gradOut);
    launcher.launch(k, "average pool backward", d.global(items), 1);
    k.get(gradIn);
  }
}
