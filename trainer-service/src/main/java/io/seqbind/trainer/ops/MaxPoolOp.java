package io.seqbind.trainer.ops;

import io.seqbind.trainer.ops.aparapi.MaxPoolBackwardKernel;
import io.seqbind.trainer.ops.aparapi.MaxPoolForwardKernel;
import java.util.Arrays;

/**
 * Op: max pooling over positions, recording the winner (the first maximum on ties) so that the backward pass
 * routes each gradient to it alone. Shapes ({@link PoolShape}): in {@code [models][batch][channels][length]},
 * out and argmax {@code [models][batch][channels][outLength]}; argmax holds indexes into {@code in}.
 *
 * <p>Both implementations, side by side: the Java reference ({@link #forwardReference},
 * {@link #backwardReference}) and the kernels ({@link #forward}, {@link #backward}: {@link MaxPoolForwardKernel},
 * {@link MaxPoolBackwardKernel}).
 */
final class MaxPoolOp {

  // ---------------------------------------------------------------- Java reference

  static void forwardReference(PoolShape s, float[] in, float[] out, int[] argmax) {
    int lOut = s.outLength();
    int rows = s.models() * s.batch() * s.channels();
    for (int r = 0; r < rows; r++) {
      for (int q = 0; q < lOut; q++) {
        // scan window q of row r left to right; a later element wins only when strictly greater
        int start = r * s.length() + q * s.stride();
        int best = start;
        for (int i = start + 1; i < start + s.window(); i++) {
          if (in[i] > in[best]) {
            best = i;
          }
        }
        out[r * lOut + q] = in[best];
        argmax[r * lOut + q] = best;
      }
    }
  }

  /** {@code gradIn} ({@code [models][batch][channels][length]}): each output gradient added to its winner. */
  static void backwardReference(PoolShape s, float[] gradOut, int[] argmax, float[] gradIn) {
    Arrays.fill(gradIn, 0, s.inputSize(), 0f);
    for (int o = 0; o < s.outputSize(); o++) {
      gradIn[argmax[o]] += gradOut[o];
    }
  }

  // ---------------------------------------------------------------- kernels

  private final KernelLauncher launcher;
  private final MaxPoolForwardKernel forwardKernel;
  private final MaxPoolBackwardKernel backwardKernel;

  MaxPoolOp(KernelLauncher launcher) {
    this.launcher = launcher;
    this.forwardKernel = launcher.bind(new MaxPoolForwardKernel());
    this.backwardKernel = launcher.bind(new MaxPoolBackwardKernel());
  }

  void forward(PoolShape s, float[] in, float[] out, int[] argmax) {
    KernelDevice d = launcher.device();
    MaxPoolForwardKernel k = forwardKernel;
    // 1. Work items: (row, output tile); a whole row per item on a CPU.
    int items = k.tileOutputs(s, d.tile(s.outLength()));
    // 2. Arguments.
    k.inp = in;
    k.outp = out;
    k.argmax = argmax;
    // 3. Upload, run, download.
    k.put(in);
    launcher.launch(k, "max pool forward", d.global(items), 1);
    k.get(out).get(argmax);
  }

  void backward(PoolShape s, float[] gradOut, int[] argmax, float[] gradIn) {
    KernelDevice d = launcher.device();
    MaxPoolBackwardKernel k = backwardKernel;
    // 1. Work items: tiles of whole rows (a winner lies in its own row, so rows never collide).
    int items = k.tileRows(s, d.rowTile(s.models() * s.batch() * s.channels()));
    // 2. Arguments.
    k.gradOut = gradOut;
    k.argmax = argmax;
    k.gradIn = gradIn;
    // 3. Upload, run, download.
    k.put(gradOut).put(argmax);
    launcher.launch(k, "max pool backward", d.global(items), 1);
    k.get(gradIn);
  }
}
