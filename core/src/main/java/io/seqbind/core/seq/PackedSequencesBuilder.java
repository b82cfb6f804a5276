package io.seqbind.core.seq;

import com.google.protobuf.ByteString;
import io.seqbind.proto.v1.PackedSequences;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds the contract's {@link PackedSequences} one sequence at a time: bases appended to one growing byte
 * array, lengths and ids beside them. What a bulk client sends instead of a {@code Sequence} message per
 * sequence.
 */
public final class PackedSequencesBuilder {

  private byte[] bases;
  private int size;
  private int[] lengths;
  private int count;
  private final List<String> ids;
  private boolean anyId;

  /** @param expectedBases a first guess at the bases in all (the array grows as needed) */
  public PackedSequencesBuilder(int expectedSequences, int expectedBases) {
    bases = new byte[Math.max(16, expectedBases)];
    lengths = new int[Math.max(1, expectedSequences)];
    ids = new ArrayList<>(expectedSequences);
  }

  /**
   * Appends a sequence.
   *
   * @param id the caller's id, or empty
   * @throws InvalidSequenceException naming the sequence by {@code id} if a character does not fit in a byte
   *     (above U+00FF, so never a base): packed bases are one byte each
   */
  public PackedSequencesBuilder add(String id, CharSequence sequence) {
    int length = sequence.length();
    if (size + length > bases.length) {
      bases = Arrays.copyOf(bases, Math.max(size + length, 2 * bases.length));
    }
    int wide = 0;
    for (int i = 0; i < length; i++) {
      char c = sequence.charAt(i);
      wide |= c >>> 8;
      bases[size + i] = (byte) c;
    }
    if (wide != 0) {
      Bases.check(sequence, InvalidSequenceException.byId(id));
    }
    if (count == lengths.length) {
      lengths = Arrays.copyOf(lengths, 2 * count);
    }
    size += length;
    lengths[count++] = length;
    ids.add(id);
    anyId |= !id.isEmpty();
    return this;
  }

  /** Sequences added so far. */
  public int count() {
    return count;
  }

  /** Bases added so far. */
  public int bases() {
    return size;
  }

  /** The packed sequences; ids are left out when every one is empty. */
  public PackedSequences build() {
    PackedSequences.Builder b = PackedSequences.newBuilder().setBases(ByteString.copyFrom(bases, 0, size));
    for (int i = 0; i < count; i++) {
      b.addLengths(lengths[i]);
    }
    if (anyId) {
      b.addAllIds(ids);
    }
    return b.build();
  }
}
