package io.seqbind.scorer.batching;

/** A forward pass: {@code n} one-hot inputs {@code [n, 4, length]} in, {@code n * T} scores out (row-major). */
@FunctionalInterface
public interface BatchFunction {

  /**
   * @param input exactly {@code n * 4 * length} floats
   * @return {@code n * T} floats for some T >= 1, row i first
   */
  float[] run(float[] input, int n, int length) throws Exception;
}
