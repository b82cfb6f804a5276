package io.seqbind.core.onnx;

import io.seqbind.core.io.Quoted;
import java.util.Arrays;

/**
 * A named float tensor of an ONNX model: its dimensions and its values in row-major order (the last
 * dimension varies fastest), e.g. {@code conv1.weight} with dims {@code [F, 4, W]}.
 */
public record FloatTensor(String name, long[] dims, float[] values) {

  public FloatTensor {
    dims = dims.clone();
    long count = 1;
    for (long d : dims) {
      count *= d;
    }
    if (count != values.length) {
      // The name and dims come from the file: a short token, and the dims only in part when there are many.
      String shown = dims.length <= 8 ? Arrays.toString(dims)
          : Arrays.toString(Arrays.copyOf(dims, 8)).replace("]", ", ...] (" + dims.length + " dims)");
      throw new IllegalArgumentException("tensor " + Quoted.token(name) + " has dims " + shown + " (" + count
          + " values) but " + values.length + " values");
    }
  }

  @Override
  public long[] dims() {
    return dims.clone();
  }

  /** Dimension {@code i} as an int (our tensors are far below 2^31 values). */
  public int dim(int i) {
    return Math.toIntExact(dims[i]);
  }

  public int rank() {
    return dims.length;
  }
}
