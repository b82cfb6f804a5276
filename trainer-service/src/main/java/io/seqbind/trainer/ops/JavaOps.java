package io.seqbind.trainer.ops;

/**
 * Plain single-threaded Java implementation of the convolution and pooling passes: the reference that the
 * Aparapi kernels are tested against, and the host code the engine runs small layers on. Each op's reference
 * stands next to its kernels in the op's class ({@link BasesConvOp}, {@link ConvOp}, {@link MaxPoolOp},
 * {@link AvgPoolOp}); loops run in one documented order (over {@code c}, then {@code k}, accumulating into a
 * float) so that a kernel that follows the same order can be compared bit for bit.
 */
public final class JavaOps implements ConvOps, PoolOps {

  @Override
  public String deviceName() {
    return "host (JavaOps, the single-threaded Java reference)";
  }

  @Override
  public void forwardBases(ConvShape s, byte[] bases, float[] w, float[] b, float[] out) {
    BasesConvOp.forwardReference(s, bases, w, b, out);
  }

  @Override
  public void backwardBases(ConvShape s, byte[] bases, float[] gradOut, float[] gradW, float[] gradB) {
    BasesConvOp.backwardReference(s, bases, gradOut, gradW, gradB);
  }

  @Override
  public void forward(ConvShape s, float[] in, float[] w, float[] b, float[] out) {
    ConvOp.forwardReference(s, in, w, b, out);
  }

  @Override
  public void backward(ConvShape s, float[] in, float[] w, float[] gradOut, float[] gradIn, float[] gradW,
      float[] gradB) {
    ConvOp.backwardReference(s, in, w, gradOut, gradIn, gradW, gradB);
  }

  @Override
  public void maxForward(PoolShape s, float[] in, float[] out, int[] argmax) {
    MaxPoolOp.forwardReference(s, in, out, argmax);
  }

  @Override
  public void maxBackward(PoolShape s, float[] gradOut, int[] argmax, float[] gradIn) {
    MaxPoolOp.backwardReference(s, gradOut, argmax, gradIn);
  }

  @Override
  public void avgForward(PoolShape s, float[] in, float[] out) {
    AvgPoolOp.forwardReference(s, in, out);
  }

  @Override
  public void avgBackward(PoolShape s, float[] gradOut, float[] gradIn) {
    AvgPoolOp.backwardReference(s, gradOut, gradIn);
  }
}
