package io.seqbind.core.shuffle;

import java.util.random.RandomGenerator;

/**
 * A uniform random permutation of the symbols (Fisher–Yates). It keeps only the composition: the cheapest
 * background model, and a control for how much a model relies on dinucleotide content (compare with
 * {@link DinucleotideShuffle}). Symbols are the characters as given; first and last symbols are not kept.
 */
public final class MononucleotideShuffle implements SequenceShuffler {

  @Override
  public String shuffle(CharSequence sequence, RandomGenerator random) {
    char[] s = sequence.toString().toCharArray();
    for (int i = s.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      char t = s[i];
      s[i] = s[j];
      s[j] = t;
    }
    return new String(s);
  }
}
