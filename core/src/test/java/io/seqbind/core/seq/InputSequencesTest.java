package io.seqbind.core.seq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.seqbind.proto.v1.PackedSequences;
import io.seqbind.proto.v1.Sequence;
import io.seqbind.proto.v1.SequenceBatch;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Both wire forms of a batch read alike; the packed form's bytes against the messages' strings. */
class InputSequencesTest {

  private static final List<String> BASES = List.of("ACGTN", "", "acgu", "RYKMSWBDHVN", "AC-T", "G");

  private static SequenceBatch messages() {
    SequenceBatch.Builder b = SequenceBatch.newBuilder();
    for (int i = 0; i < BASES.size(); i++) {
      b.addSequences(Sequence.newBuilder().setId(i == 2 ? "" : "id" + i).setBases(BASES.get(i)));
    }
    return b.build();
  }

  private static PackedSequences packed() {
    PackedSequencesBuilder p = new PackedSequencesBuilder(2, 4); // grows past both guesses
    for (int i = 0; i < BASES.size(); i++) {
      p.add(i == 2 ? "" : "id" + i, BASES.get(i));
    }
    assertEquals(BASES.size(), p.count());
    assertEquals(25, p.bases());
    return p.build();
  }

  @Test
  void thePackedFormReadsAsOneMessagePerSequence() {
    PackedSequences packed = packed();
    assertEquals("ACGTNacguRYKMSWBDHVNAC-TG", packed.getBases().toStringUtf8());
    assertEquals(List.of(5, 0, 4, 11, 4, 1), packed.getLengthsList());
    InputSequences a = InputSequences.of(messages(), "batch");
    InputSequences b = InputSequences.of(SequenceBatch.newBuilder().setPacked(packed).build(), "batch");
    assertEquals(a.size(), b.size());
    assertEquals(25, a.totalBases());
    assertEquals(25, b.totalBases());
    for (int i = 0; i < a.size(); i++) {
      assertEquals(BASES.get(i), a.bases(i));
      assertEquals(BASES.get(i), b.bases(i));
      assertEquals(a.id(i), b.id(i));
      assertEquals(a.length(i), b.length(i));
      assertEquals(i == 4 ? 2 : -1, a.firstInvalid(i), "sequence " + i);
      assertEquals(a.firstInvalid(i), b.firstInvalid(i), "sequence " + i);
      if (a.firstInvalid(i) < 0) {
        byte[] fromString = new byte[a.length(i)];
        byte[] fromBytes = new byte[b.length(i)];
        a.channels(i, fromString, 0);
        b.channels(i, fromBytes, 0);
        assertArrayEquals(fromString, fromBytes, "sequence " + i);
      }
    }
    assertEquals('-', b.charAt(4, 2));
    assertArrayEquals(new byte[] {0, 1, 2, 3, 4}, channels(b, 0));
    assertArrayEquals(new byte[] {0, 1, 2, 3}, channels(b, 2), "lower case, and U as T");
  }

  private static byte[] channels(InputSequences s, int i) {
    byte[] out = new byte[s.length(i)];
    s.channels(i, out, 0);
    return out;
  }

  @Test
  void idsAreLeftOutWhenAllAreEmptyAndBytesAboveAsciiAreNotBases() {
    PackedSequences p = new PackedSequencesBuilder(1, 1).add("", "AC\u00e9").add("", "T").build();
    assertEquals(0, p.getIdsCount());
    InputSequences s = InputSequences.of(SequenceBatch.newBuilder().setPacked(p).build(), "batch");
    assertEquals("", s.id(1));
    assertEquals(2, s.firstInvalid(0));
    assertEquals('\u00e9', s.charAt(0, 2));
    InvalidSequenceException e = assertThrows(InvalidSequenceException.class,
        () -> new PackedSequencesBuilder(1, 1).add("x", "ACG\u4e2d"));
    assertEquals(4, e.position(), "a character that does not fit in a byte is refused, not truncated");
  }

  @Test
  void aPackedFormThatDoesNotAddUpIsRefusedNamingWhereAndWhy() {
    PackedSequences good = packed();
    assertEquals("chunk in message 2 sets both sequences (6) and packed; set one of them",
        refused(messages().toBuilder().setPacked(good).build()));
    assertEquals("chunk in message 2: packed.lengths add up to 24 bases, but packed.bases holds 25 bytes; they must"
        + " match", refused(SequenceBatch.newBuilder().setPacked(good.toBuilder().setLengths(5, 0)).build()));
    assertEquals("chunk in message 2: packed.lengths[3] is -2, expected a length of at least 0",
        refused(SequenceBatch.newBuilder().setPacked(good.toBuilder().setLengths(3, -2)).build()));
    assertEquals("chunk in message 2: packed has 1 ids for 6 lengths; give one id per sequence or none",
        refused(SequenceBatch.newBuilder().setPacked(good.toBuilder().clearIds().addIds("a")).build()));
  }

  private static String refused(SequenceBatch batch) {
    return assertThrows(IllegalArgumentException.class, () -> InputSequences.of(batch, "chunk in message 2"))
        .getMessage();
  }
}
