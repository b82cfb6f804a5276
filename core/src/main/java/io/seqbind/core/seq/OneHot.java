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
 * <p>Scoring encodes millions of sequences, so each character is looked up in four 256-entry channel
 * tables and written unconditionally; an invalid character is detected with an OR-accumulated flag and
 * only then searched for to build the error.
 */
public final class OneHot {

  /** Number of channels (A, C, G, T). */
  public static final int CHANNELS = 4;

  private static final float[] A = new float[256];
  private static final float[] C = new float[256];
  private static final float[] G = new float[256];
  private static final float[] T = new float[256];
  /** 1 for characters that are not bases, else 0. */
  private static final int[] BAD = new int[256];

  static {
    float[][] channel = {A, C, G, T};
    for (int c = 0; c < 256; c++) {
      int code = Bases.code((char) c);
      if (code == Bases.INVALID) {
        BAD[c] = 1;
      } else if (code == Bases.AMBIGUOUS) {
        for (float[] ch : channel) {
          ch[c] = 0.25f;
        }
      } else {
        channel[code][c] = 1f;
      }
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
    final int len = seq.length();
    final int a = offset;
    final int c = offset + len;
    final int g = offset + 2 * len;
    final int t = offset + 3 * len;
    if (offset < 0 || t + len > out.length) {
      throw new IndexOutOfBoundsException("need " + (CHANNELS * len) + " floats at offset " + offset
          + ", array has " + out.length);
    }
    int bad = 0;
    for (int i = 0; i < len; i++) {
      int ch = seq.charAt(i);
      int k = ch & 0xFF;
      bad |= (ch >>> 8) | BAD[k];
      out[a + i] = A[k];
      out[c + i] = C[k];
      out[g + i] = G[k];
      out[t + i] = T[k];
    }
    if (bad != 0) {
      Bases.check(seq, name);
    }
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
      encode(seqs.get(i), out, i * CHANNELS * len, InvalidSequenceException.byIndex(i));
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
      encode(seq.apply(i), out, i * CHANNELS * len, name.apply(i));
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
