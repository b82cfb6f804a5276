package io.seqbind.core.simulate;

/**
 * The few base manipulations the simulator needs (index in A,C,G,T order, complement, reverse
 * complement). Kept package-private so the simulator does not depend on the encoder's conventions for
 * IUPAC codes: everything it generates is plain upper-case ACGT.
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

  static char complement(char base) {
    int i = index(base);
    if (i < 0) {
      return base;
    }
    return letter(3 - i);
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

  static String reverseComplement(CharSequence seq) {
    StringBuilder out = new StringBuilder(seq.length());
    for (int i = seq.length() - 1; i >= 0; i--) {
      out.append(complement(seq.charAt(i)));
    }
    return out.toString();
  }
}
