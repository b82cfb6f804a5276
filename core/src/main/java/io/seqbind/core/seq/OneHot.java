package io.seqbind.core.seq;

import java.util.List;
import java.util.function.IntFunction;

/**
 * One-hot encoding of sequences into the model's input layout: float32, channels A, C, G, T (U reads as
 * T), one row of length L per channel, so one sequence is a {@code [4, L]} slice and a batch is a flat
 * {@code [N, 4, L]} array. N and every other IUPAC ambiguity code become exactly 0.25 in each channel (the
 * model contract; not the IUPAC-weighted split). Case is ignored, so soft-masked sequence encodes like
 * upper case.
 *
 * <p>Scoring encodes millions of sequences, so the slice is zero-filled (a vectorised fill) and each
 * character costs one 256-entry table lookup and one store; ambiguity codes, rare in real data, take a
 * second (well-predicted) path. An invalid character is detected with an OR-accumulated flag and only then
 * searched for to build the error. Measured here at about twice the speed of writing four channel-table
 * values per base.
 */
public final class OneHot {

  /** Number of channels (A, C, G, T). */
  public static final int CHANNELS = 4;

  /** Channel of each character (0..3), 4 for an ambiguity code, 5 for a character that is not a base. */
  private static final byte[] CHANNEL = new byte[256];

  private static final float QUARTER = 0.25f;

  static {
    for (int c = 0; c < 256; c++) {
      int code = Bases.code((char) c);
      CHANNEL[c] = (byte) (code == Bases.INVALID ? 5 : code);
    }
  }

  private OneHot() {}

  /** Encodes one sequence into a new {@code [4, L]} array. */
  public static float[] encode(CharSequence seq, String name) {
    float[] out = new float[CHANNELS * seq.length()];
    encode(seq, out, 0, name);
    return out;
  }

  /** Encodes one unnamed sequence into a new {@code [4, L]} array. */
  public static float[] encode(CharSequence seq) {
    return encode(seq, InvalidSequenceException.byIndex(0));
  }

  /**
   * Writes the {@code [4, L]} encoding of {@code seq} into {@code out} starting at {@code offset}: channel
   * {@code k} of position {@code i} lands at {@code out[offset + k * L + i]}. Every one of the 4L cells is
   * written, so {@code out} may be a reused buffer.
   *
   * @param name how to name the sequence in an error, see {@link InvalidSequenceException#byId}
   * @throws InvalidSequenceException if a character is not a base
   */
  public static void encode(CharSequence seq, float[] out, int offset, String name) {
    if (!encodeChecked(seq, out, offset)) {
      Bases.check(seq, name);
    }
  }

  /** Encodes and returns true if every character was a base; the caller builds the error otherwise. */
  private static boolean encodeChecked(CharSequence seq, float[] out, int offset) {
    final int len = seq.length();
    final int a = offset;
    final int c = offset + len;
    final int g = offset + 2 * len;
    final int t = offset + 3 * len;
    if (offset < 0 || t + len > out.length) {
      throw new IndexOutOfBoundsException("need " + (CHANNELS * len) + " floats at offset " + offset
          + ", array has " + out.length);
    }
    java.util.Arrays.fill(out, a, t + len, 0f);
    int bad = 0;
    for (int i = 0; i < len; i++) {
      int ch = seq.charAt(i);
      int code = CHANNEL[ch & 0xFF];
      // code & (code >>> 2) & 1 is 1 only for 5 (binary 101), a character that is not a base
      bad |= (ch >>> 8) | (code & (code >>> 2) & 1);
      if (code < 4) {
        out[a + code * len + i] = 1f;
      } else {
        // rare: N or another IUPAC code (or a bad character, reported below)
        out[a + i] = QUARTER;
        out[c + i] = QUARTER;
        out[g + i] = QUARTER;
        out[t + i] = QUARTER;
      }
    }
    return bad == 0;
  }

  /**
   * Writes each base's channel (0..3 for A, C, G, T/U; {@link Bases#AMBIGUOUS} for N and the other IUPAC codes)
   * into {@code out} from {@code offset}: the compact form of a {@code [4, L]} slice, one byte per base instead
   * of sixteen. The scorer queues and merges these and expands them ({@link #expand}) only into the forward
   * pass's own input buffer, so a scored base is written as floats once rather than encoded, copied into a
   * merged batch and copied again into native memory.
   *
   * @param name how to name the sequence in an error, see {@link InvalidSequenceException#byId}
   * @throws InvalidSequenceException if a character is not a base
   */
  public static void channels(CharSequence seq, byte[] out, int offset, String name) {
    int len = seq.length();
    int bad = 0;
    for (int i = 0; i < len; i++) {
      int ch = seq.charAt(i);
      int code = CHANNEL[ch & 0xFF];
      bad |= (ch >>> 8) | (code & (code >>> 2) & 1);
      out[offset + i] = (byte) code;
    }
    if (bad != 0) {
      Bases.check(seq, name);
    }
  }

  /**
   * Writes the channels of {@code length} bytes of {@code bases} from {@code from} (ASCII, as a packed request
   * carries them) at {@code offset}, as {@link #channels(CharSequence, byte[], int, String)} does for
   * characters. The caller has checked them ({@link Bases#firstInvalid(byte[], int, int)}): a byte that is not a
   * base is written as {@code 5}.
   */
  public static void channels(byte[] bases, int from, int length, byte[] out, int offset) {
    for (int i = 0; i < length; i++) {
      out[offset + i] = CHANNEL[bases[from + i] & 0xFF];
    }
  }

  /**
   * The channels of the reverse complement of {@code length} channels at {@code from}, written at
   * {@code offset}: reversed, A and T swapped, C and G swapped, ambiguity codes kept (the complement of any of
   * them encodes as 0.25 everywhere too).
   */
  public static void reverseComplementChannels(byte[] channels, int from, int length, byte[] out, int offset) {
    for (int i = 0; i < length; i++) {
      int code = channels[from + length - 1 - i];
      out[offset + i] = (byte) (code < CHANNELS ? 3 - code : code);
    }
  }

  /**
   * Expands one sequence's {@code length} channels at {@code from} into its {@code [4, L]} one-hot slice at
   * {@code outOffset}, every cell written (so {@code out} may be reused): the encoding {@link #encode} gives.
   */
  public static void expand(byte[] channels, int from, int length, float[] out, int outOffset) {
    java.util.Arrays.fill(out, outOffset, outOffset + CHANNELS * length, 0f);
    for (int i = 0; i < length; i++) {
      int code = channels[from + i];
      if (code < CHANNELS) {
        out[outOffset + code * length + i] = 1f;
      } else {
        for (int k = 0; k < CHANNELS; k++) {
          out[outOffset + k * length + i] = QUARTER;
        }
      }
    }
  }

  /** {@code n} rows of {@code length} channels expanded into a new {@code [n, 4, L]} array. */
  public static float[] expand(byte[] channels, int n, int length) {
    float[] out = new float[n * CHANNELS * length];
    for (int r = 0; r < n; r++) {
      expand(channels, r * length, length, out, r * CHANNELS * length);
    }
    return out;
  }

  /**
   * Encodes equal-length sequences into a new {@code [N, 4, L]} array; errors name a sequence by its index
   * in {@code seqs}.
   *
   * @throws IllegalArgumentException if the lengths differ or the list is empty
   * @throws InvalidSequenceException if a character is not a base
   */
  public static float[] encodeBatch(List<? extends CharSequence> seqs) {
    return batch(seqs.size(), seqs::get, i -> InvalidSequenceException.byIndex(i));
  }

  /** Encodes equal-length records into a new {@code [N, 4, L]} array; errors name a record by its id. */
  public static float[] encodeRecords(List<LabeledSequence> records) {
    return batch(records.size(), i -> records.get(i).sequence(),
        i -> InvalidSequenceException.byId(records.get(i).id()));
  }

  /**
   * Writes equal-length sequences into {@code out} (length at least {@code N * 4 * L}) in layout
   * {@code [N, 4, L]}, for callers that reuse one buffer across batches.
   *
   * @return L, the common length
   */
  public static int encodeBatch(List<? extends CharSequence> seqs, float[] out) {
    int len = commonLength(seqs.size(), seqs::get);
    for (int i = 0; i < seqs.size(); i++) {
      if (!encodeChecked(seqs.get(i), out, i * CHANNELS * len)) {
        Bases.check(seqs.get(i), InvalidSequenceException.byIndex(i));
      }
    }
    return len;
  }

  private static float[] batch(int n, IntFunction<CharSequence> seq, IntFunction<String> name) {
    int len = commonLength(n, seq);
    long size = (long) n * CHANNELS * len;
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("batch of " + n + " x 4 x " + len + " floats is too large for one array");
    }
    float[] out = new float[(int) size];
    for (int i = 0; i < n; i++) {
      if (!encodeChecked(seq.apply(i), out, i * CHANNELS * len)) {
        Bases.check(seq.apply(i), name.apply(i));
      }
    }
    return out;
  }

  private static int commonLength(int n, IntFunction<CharSequence> seq) {
    if (n == 0) {
      throw new IllegalArgumentException("empty batch, expected at least one sequence");
    }
    int len = seq.apply(0).length();
    for (int i = 1; i < n; i++) {
      int l = seq.apply(i).length();
      if (l != len) {
        throw new IllegalArgumentException("sequence at index " + i + " has length " + l
            + ", expected " + len + " like sequence at index 0 (a batch needs equal lengths)");
      }
    }
    return len;
  }
}
