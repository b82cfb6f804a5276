package io.seqbind.core.simulate;

import java.util.BitSet;
import java.util.random.RandomGenerator;

/**
 * Which bases of a sequence already hold a planted site, so that the next site goes to a free stretch
 * and sites never overwrite each other (an overwritten site would no longer be where the truth says).
 */
final class Occupancy {

  private final BitSet used = new BitSet();
  /** Coordinate of bit 0, so a cluster deep inside a contig does not allocate bits for the whole contig. */
  private final int origin;

  /** Occupancy of a sequence that starts at 0. */
  Occupancy() {
    this(0);
  }

  /** Occupancy of positions from {@code origin} on. */
  Occupancy(int origin) {
    this.origin = origin;
  }

  /**
   * A uniformly chosen start in {@code [from, to - width]} whose {@code width} bases are all free, or -1
   * when there is none.
   */
  int randomFreeStart(int from, int to, int width, RandomGenerator rng) {
    int candidates = 0;
    int[] starts = new int[Math.max(0, to - width - from + 1)];
    for (int s = from; s + width <= to; s++) {
      if (isFree(s, width)) {
        starts[candidates++] = s;
      }
    }
    return candidates == 0 ? -1 : starts[rng.nextInt(candidates)];
  }

  void occupy(int start, int width) {
    used.set(start - origin, start - origin + width);
  }

  boolean isFree(int start, int width) {
    int nextUsed = used.nextSetBit(start - origin);
    return nextUsed < 0 || nextUsed >= start - origin + width;
  }
}
