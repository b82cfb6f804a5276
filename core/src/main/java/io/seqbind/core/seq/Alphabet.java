package io.seqbind.core.seq;

/**
 * The nucleic-acid alphabet of a model's input. Both alphabets accept T and U (the model contract reads U
 * as T, and RNA experiments often report their probes in DNA letters); the alphabet decides which of the two
 * letters a reverse complement writes, and it is recorded in a model's manifest so a scorer can tell users
 * what the model was trained on.
 */
public enum Alphabet {
  DNA('T', 't'),
  RNA('U', 'u');

  /** Complement of each character; 0 for characters that are not bases. */
  private final char[] complement = new char[256];

  Alphabet(char upperT, char lowerT) {
    String from = "ACGTUNRYSWKMBDHV";
    String to = "TGCAANYRSWMKVHDB";
    for (int i = 0; i < from.length(); i++) {
      char f = from.charAt(i);
      char t = to.charAt(i);
      if (f == 'A') {
        t = upperT;
      }
      complement[f] = t;
      complement[Character.toLowerCase(f)] = t == upperT ? lowerT : Character.toLowerCase(t);
    }
  }

  /** The alphabet named {@code name} (case-insensitive: dna, rna). */
  public static Alphabet parse(String name) {
    for (Alphabet a : values()) {
      if (a.name().equalsIgnoreCase(name.trim())) {
        return a;
      }
    }
    throw new IllegalArgumentException("unknown alphabet '" + name + "', expected DNA or RNA");
  }

  /**
   * The reverse complement, IUPAC-aware (R&lt;-&gt;Y, K&lt;-&gt;M, B&lt;-&gt;V, D&lt;-&gt;H, S, W and N map to
   * themselves), keeping each base's case; A complements to T for DNA and to U for RNA.
   *
   * @param name how to name the sequence if it holds a character that is not a base
   * @throws InvalidSequenceException naming the sequence, position and character
   */
  public String reverseComplement(CharSequence seq, String name) {
    int n = seq.length();
    char[] out = new char[n];
    for (int i = 0; i < n; i++) {
      char c = seq.charAt(i);
      char r = c > 255 ? 0 : complement[c];
      if (r == 0) {
        throw new InvalidSequenceException(name, i + 1, c);
      }
      out[n - 1 - i] = r;
    }
    return new String(out);
  }

  /** {@link #reverseComplement(CharSequence, String)} for an unnamed sequence. */
  public String reverseComplement(CharSequence seq) {
    return reverseComplement(seq, "(unnamed)");
  }
}
