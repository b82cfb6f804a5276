package io.seqbind.core.simulate;

import io.seqbind.core.seq.Alphabet;

/**
 * The few base manipulations the simulator needs: index in A,C,G,T order and reverse complement.
 * Everything the simulator generates is plain upper-case ACGT, so no IUPAC handling is needed here.
 */
final class Bases {

  static final String ACGT = "ACGT";

  private Bases() {}

  /** 0..3 for A,C,G,T (case-insensitive, U reads as T), -1 for anything else. */
  static int index(char base) {
    switch (base) {
      case 'A', 'a':
        return 0;
      case 'C', 'c':
        return 1;
      case 'G', 'g':
        return 2;
      case 'T', 't', 'U', 'u':
        return 3;
      default:
        return -1;
    }
  }

  static char letter(int index) {
    return ACGT.charAt(index);
  }

  /**
   * Writes {@code bases} over {@code seq} from {@code start}. (StringBuilder.replace would move the whole
   * tail even for an equal-length replacement, which is quadratic over a genome.)
   */
  static void overwrite(StringBuilder seq, int start, CharSequence bases) {
    for (int i = 0; i < bases.length(); i++) {
      seq.setCharAt(start + i, bases.charAt(i));
    }
  }

  /** Complement of a plain A, C, G or T (index 3 - i in A,C,G,T order). */
  static char complement(char base) {
    return letter(3 - index(base));
  }

  /** The simulator only makes plain ACGT, so the shared DNA alphabet's reverse complement is exact. */
  static String reverseComplement(CharSequence seq) {
    return Alphabet.DNA.reverseComplement(seq);
  }
}
