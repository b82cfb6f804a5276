package io.seqbind.core.seq;

/**
 * The per-character tables every reader and the encoder share, so that "which letters are bases" is decided
 * in exactly one place. A character is looked up by its low byte in a 256-entry table (characters above
 * 255 are never bases), which keeps validation and encoding free of per-base branching on strings.
 *
 * <p>Accepted: A, C, G, T, U and the IUPAC ambiguity codes N, R, Y, S, W, K, M, B, D, H, V, in upper and
 * lower (soft-masked) case. U and T are the same base for every alphabet.
 */
public final class Bases {

  /** What the error messages say is accepted. */
  public static final String EXPECTED = "A, C, G, T/U, N or an IUPAC code";

  /** Code of a character: 0..3 for A, C, G, T/U; {@link #AMBIGUOUS}; or {@link #INVALID}. */
  static final byte[] CODE = new byte[256];

  public static final byte AMBIGUOUS = 4;
  public static final byte INVALID = -1;

  static {
    java.util.Arrays.fill(CODE, INVALID);
    set('A', 0);
    set('C', 1);
    set('G', 2);
    set('T', 3);
    set('U', 3);
    for (char c : "NRYSWKMBDHV".toCharArray()) {
      set(c, AMBIGUOUS);
    }
  }

  private static void set(char upper, int code) {
    CODE[upper] = (byte) code;
    CODE[Character.toLowerCase(upper)] = (byte) code;
  }

  private Bases() {}

  /** The code of {@code c}: 0..3 for A, C, G, T/U, {@link #AMBIGUOUS} or {@link #INVALID}. */
  public static int code(char c) {
    return c > 255 ? INVALID : CODE[c];
  }

  public static boolean isBase(char c) {
    return c <= 255 && CODE[c] != INVALID;
  }

  /** Index of the first character of {@code s} in {@code [from, to)} that is not a base, or -1. */
  public static int firstInvalid(CharSequence s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c > 255 || CODE[c] == INVALID) {
        return i;
      }
    }
    return -1;
  }

  /** Index of the first byte of {@code bytes} in {@code [from, to)} that is not a base (read as Latin-1), or -1. */
  public static int firstInvalid(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (CODE[bytes[i] & 0xFF] == INVALID) {
        return i;
      }
    }
    return -1;
  }

  /** Index of the first character of {@code s} that is not a base, or -1. */
  public static int firstInvalid(CharSequence s) {
    return firstInvalid(s, 0, s.length());
  }

  /**
   * A character as an error message shows it: {@code 'X'} when printable, else its code point
   * ({@code U+0009}), so a tab or a stray byte-order mark is visible.
   */
  public static String describe(char c) {
    if (c >= 0x21 && c < 0x7f) {
      return "'" + c + "'";
    }
    return String.format("U+%04X", (int) c);
  }

  /**
   * Checks every character of {@code seq} is a base.
   *
   * @param name how to name the sequence in the message, see {@link InvalidSequenceException#byId}
   * @throws InvalidSequenceException naming the sequence, the 1-based position and the character
   */
  public static void check(CharSequence seq, String name) {
    int bad = firstInvalid(seq);
    if (bad >= 0) {
      throw new InvalidSequenceException(name, bad + 1, seq.charAt(bad));
    }
  }
}
