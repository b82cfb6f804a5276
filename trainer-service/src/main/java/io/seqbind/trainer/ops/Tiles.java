package io.seqbind.trainer.ops;

/** Arithmetic for splitting work into tiles and sizing the kernels' scratch buffers. */
final class Tiles {

  private Tiles() {}

  static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  /**
   * {@code n} floats rounded up to whole 64-byte cache lines plus one line of padding: the stride of a work
   * item's private accumulators, so that items on different threads never share a cache line.
   */
  static int padded(int n) {
    return ceilDiv(n, 16) * 16 + 16;
  }

  /** {@code a} when it holds {@code size} floats, else a new array: scratch only grows, so steady state allocates nothing. */
  static float[] grow(float[] a, int size) {
    return a.length >= size ? a : new float[size];
  }
}
