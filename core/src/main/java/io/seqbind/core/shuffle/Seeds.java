package io.seqbind.core.shuffle;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The one place where a user's {@code long} seed becomes a random stream, and where independent sub-seeds
 * are derived from it. Keeping this in one class is what makes "same seed, same shuffles and splits" hold
 * across the library: every seeded operation goes through {@link #random(long)}, and every per-item stream
 * (the j-th shuffle of the i-th sequence, say) gets its own seed from {@link #derive(long, long...)}, so
 * one item's randomness never depends on how much randomness an earlier item consumed.
 *
 * <p>Streams come from {@link SplittableRandom}: reproducible for a seed on the same JDK, which is the
 * determinism promise of the project (same seed, same device, same result).
 */
public final class Seeds {

  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private Seeds() {}

  /** A fresh random stream for {@code seed}. */
  public static RandomGenerator random(long seed) {
    return new SplittableRandom(seed);
  }

  /**
   * A seed for the item at {@code path} (e.g. record index, copy number) under {@code seed}. Different
   * paths give statistically independent seeds; the same seed and path always give the same value.
   */
  public static long derive(long seed, long... path) {
    long h = mix64(seed);
    for (long p : path) {
      h = mix64(h + GOLDEN_GAMMA * (p + 1));
    }
    return h;
  }

  /** The 64-bit finaliser of SplitMix64 (Steele, Lea and Flood 2014): a bijective avalanche mix. */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
