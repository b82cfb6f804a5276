package io.seqbind.trainer.ops;

import io.seqbind.trainer.ops.aparapi.DeviceBoundKernel;

/** A kernel Aparapi cannot translate to OpenCL (it builds a String), so it could only run in Java. */
public final class UntranslatableKernel extends DeviceBoundKernel {
  public float[] out = new float[4];

  @Override
  public void run() {
    int gid = getGlobalId();
    if (gid < out.length) {
      out[gid] = String.valueOf(gid).length();
    }
  }
}
