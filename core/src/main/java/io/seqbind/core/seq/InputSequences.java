package io.seqbind.core.seq;

import io.seqbind.proto.v1.PackedSequences;
import io.seqbind.proto.v1.Sequence;
import io.seqbind.proto.v1.SequenceBatch;
import io.seqbind.proto.v1.SequenceChunk;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The sequences of a request, in whichever of the contract's two wire forms they came: one {@link Sequence}
 * message per sequence, or {@link PackedSequences} (all bases in one byte array). Services read sequences only
 * through this, so both forms get the same checks, errors and scores. The packed form's checks and one-hot
 * channels are computed from its bytes: no string or object is made per sequence.
 */
public abstract sealed class InputSequences {

  /** The batch's sequences, in the form it uses; {@code where} names the batch in errors ("batch"). */
  public static InputSequences of(SequenceBatch batch, String where) {
    return of(batch.getSequencesList(), batch.hasPacked() ? batch.getPacked() : null, where);
  }

  /** The stream chunk's sequences, in the form it uses; {@code where} names the chunk in errors. */
  public static InputSequences of(SequenceChunk chunk, String where) {
    return of(chunk.getSequencesList(), chunk.hasPacked() ? chunk.getPacked() : null, where);
  }

  /**
   * The sequences given as {@code messages} or, when not null, as {@code packed}.
   *
   * @param where how errors name the message holding them, for example "chunk in message 3"
   * @throws IllegalArgumentException (INVALID_ARGUMENT) when both forms are set or the packed form does not add up
   */
  public static InputSequences of(List<Sequence> messages, PackedSequences packed, String where) {
    if (packed == null) {
      return new Messages(messages);
    }
    if (!messages.isEmpty()) {
      throw new IllegalArgumentException(where + " sets both sequences (" + messages.size()
          + ") and packed; set one of them");
    }
    return new Packed(packed, where);
  }

  /** Number of sequences. */
  public abstract int size();

  /** Length of sequence {@code i} in bases. */
  public abstract int length(int i);

  /** Caller's id of sequence {@code i}, empty if none. */
  public abstract String id(int i);

  /** The bases of sequence {@code i} as given (case and U kept). */
  public abstract String bases(int i);

  /** Position (0-based) of the first character of sequence {@code i} that is not a base, or -1. */
  public abstract int firstInvalid(int i);

  /** Character {@code pos} of sequence {@code i}, as an error message shows the culprit. */
  public abstract char charAt(int i, int pos);

  /**
   * Writes the one-hot channels of sequence {@code i} (see {@link OneHot#channels}) at {@code offset}; the caller
   * has checked it with {@link #firstInvalid}.
   */
  public abstract void channels(int i, byte[] out, int offset);

  /** Sum of all lengths. */
  public long totalBases() {
    long sum = 0;
    for (int i = 0; i < size(); i++) {
      sum += length(i);
    }
    return sum;
  }

  /**
   * How {@link #channels} names a sequence in an error it cannot raise, the caller having checked it: a name
   * built per sequence cost about as much CPU as the encoding (JFR).
   */
  private static final String CHECKED = "checked before encoding";

  /** One message per sequence. */
  private static final class Messages extends InputSequences {
    private final List<Sequence> messages;

    Messages(List<Sequence> messages) {
      this.messages = messages;
    }

    @Override
    public int size() {
      return messages.size();
    }

    @Override
    public int length(int i) {
      return messages.get(i).getBases().length();
    }

    @Override
    public String id(int i) {
      return messages.get(i).getId();
    }

    @Override
    public String bases(int i) {
      return messages.get(i).getBases();
    }

    @Override
    public int firstInvalid(int i) {
      return Bases.firstInvalid(messages.get(i).getBases());
    }

    @Override
    public char charAt(int i, int pos) {
      return messages.get(i).getBases().charAt(pos);
    }

    @Override
    public void channels(int i, byte[] out, int offset) {
      OneHot.channels(messages.get(i).getBases(), out, offset, CHECKED);
    }
  }

  /** All bases in one array; sequence {@code i} is {@code [start[i], start[i + 1])}. */
  private static final class Packed extends InputSequences {
    private final byte[] bases;
    private final int[] start;
    private final List<String> ids;

    Packed(PackedSequences packed, String where) {
      int n = packed.getLengthsCount();
      if (packed.getIdsCount() != 0 && packed.getIdsCount() != n) {
        throw new IllegalArgumentException(where + ": packed has " + packed.getIdsCount() + " ids for " + n
            + " lengths; give one id per sequence or none");
      }
      bases = packed.getBases().toByteArray();
      start = new int[n + 1];
      long sum = 0;
      for (int i = 0; i < n; i++) {
        int length = packed.getLengths(i);
        if (length < 0) {
          throw new IllegalArgumentException(where + ": packed.lengths[" + i + "] is " + length
              + ", expected a length of at least 0");
        }
        sum += length;
        start[i + 1] = (int) Math.min(sum, bases.length);
      }
      if (sum != bases.length) {
        throw new IllegalArgumentException(where + ": packed.lengths add up to " + sum + " bases, but packed.bases"
            + " holds " + bases.length + " bytes; they must match");
      }
      ids = packed.getIdsList();
    }

    @Override
    public int size() {
      return start.length - 1;
    }

    @Override
    public int length(int i) {
      return start[i + 1] - start[i];
    }

    @Override
    public String id(int i) {
      return ids.isEmpty() ? "" : ids.get(i);
    }

    @Override
    public String bases(int i) {
      return new String(bases, start[i], length(i), StandardCharsets.ISO_8859_1);
    }

    @Override
    public long totalBases() {
      return bases.length;
    }

    @Override
    public int firstInvalid(int i) {
      int bad = Bases.firstInvalid(bases, start[i], start[i + 1]);
      return bad < 0 ? -1 : bad - start[i];
    }

    @Override
    public char charAt(int i, int pos) {
      return (char) (bases[start[i] + pos] & 0xFF);
    }

    @Override
    public void channels(int i, byte[] out, int offset) {
      OneHot.channels(bases, start[i], length(i), out, offset);
    }
  }
}
