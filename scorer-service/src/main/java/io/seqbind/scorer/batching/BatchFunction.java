package io.seqbind.scorer.batching;

/**
 * A forward pass: {@code n} sequences of one length in, as one-hot channels, {@code n * T} scores out
 * (row-major).
 */
@FunctionalInterface
public interface BatchFunction {

  /**
   * @param channels exactly {@code n * length} channels ({@link io.seqbind.core.seq.OneHot#channels}), row i at
   *                 {@code i * length}; the pass expands them into its own {@code [n, 4, length]} input
   * @return {@code n * T} floats for some T >= 1, row i first
   */
  float[] run(byte[] channels, int n, int length) throws Exception;
}
