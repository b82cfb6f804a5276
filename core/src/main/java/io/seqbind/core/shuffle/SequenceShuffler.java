package io.seqbind.core.shuffle;

import java.util.random.RandomGenerator;

/**
 * A way of making a background (negative) sequence from a real one. The trainer and the dataset builder
 * take this interface so that the kind of shuffle is a setting, not a code path.
 */
@FunctionalInterface
public interface SequenceShuffler {

  /** A shuffle of {@code sequence}, drawing all randomness from {@code random}. */
  String shuffle(CharSequence sequence, RandomGenerator random);

  /** A shuffle of {@code sequence} that is a pure function of {@code seed}. */
  default String shuffle(CharSequence sequence, long seed) {
    return shuffle(sequence, Seeds.random(seed));
  }
}
