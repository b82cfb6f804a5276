package io.seqbind.core.seq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class OneHotTest {

  @Test
  void handWorkedAcgtn() {
    float q = 0.25f;
    float[] expected = {
      1, 0, 0, 0, q, // A
      0, 1, 0, 0, q, // C
      0, 0, 1, 0, q, // G
      0, 0, 0, 1, q, // T
    };
    assertArrayEquals(expected, OneHot.encode("ACGTN"));
  }

  @Test
  void channelsExpandToTheEncodingOfTheSequenceAndOfItsReverseComplement() {
    String seq = "ACGTNacgtuRYkmBDHVW";
    int n = seq.length();
    byte[] channels = new byte[3 + 2 * n];
    OneHot.channels(seq, channels, 3, "s");
    float[] forward = new float[4 * n + 5];
    OneHot.expand(channels, 3, n, forward, 5);
    assertArrayEquals(OneHot.encode(seq), Arrays.copyOfRange(forward, 5, forward.length));
    OneHot.reverseComplementChannels(channels, 3, n, channels, 3 + n);
    float[] both = OneHot.expand(Arrays.copyOfRange(channels, 3, channels.length), 2, n);
    float[] expected = new float[8 * n];
    OneHot.encode(seq, expected, 0, "s");
    OneHot.encode(Alphabet.DNA.reverseComplement(seq), expected, 4 * n, "s");
    assertArrayEquals(expected, both);
  }

  @Test
  void channelsRefuseANonBaseByName() {
    InvalidSequenceException e = assertThrows(InvalidSequenceException.class,
        () -> OneHot.channels("ACGX", new byte[4], 0, "seq7"));
    assertTrue(e.getMessage().contains("seq7") && e.getMessage().contains("'X'"), e.getMessage());
  }

  @Test
  void everyIupacCodeIsExactlyAQuarterInEachChannel() {
    float[] x = OneHot.encode("NRYSWKMBDHVnrysw");
    for (float v : x) {
      assertEquals(0.25f, v);
    }
    assertEquals(64, x.length);
  }

  @Test
  void rnaEqualsDnaAndLowerEqualsUpper() {
    float[] dna = OneHot.encode("ACGTTGCA");
    assertArrayEquals(dna, OneHot.encode("ACGUUGCA"));
    assertArrayEquals(dna, OneHot.encode("acguugca"));
    assertArrayEquals(dna, OneHot.encode("acgTtgcA"));
  }

  @Test
  void batchLayoutIsNByFourByL() {
    float[] batch = OneHot.encodeBatch(List.of("AC", "GT", "NA"));
    float q = 0.25f;
    float[] expected = {
      // seq 0: A row, C row, G row, T row
      1, 0, 0, 1, 0, 0, 0, 0,
      // seq 1
      0, 0, 0, 0, 1, 0, 0, 1,
      // seq 2
      q, 1, q, 0, q, 0, q, 0,
    };
    assertArrayEquals(expected, batch);
  }

  @Test
  void encodeIntoReusedBufferOverwritesEveryCell() {
    float[] buffer = new float[2 + 4 * 3];
    Arrays.fill(buffer, 7f);
    OneHot.encode("CAT", buffer, 2, "'x'");
    float[] expected = {7, 7, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1};
    assertArrayEquals(expected, buffer);
  }

  @Test
  void recordsAreNamedByIdInErrors() {
    var records = List.of(LabeledSequence.of("ok", "ACGT", 1), LabeledSequence.of("chr1:100-201", "ACGX", 0));
    var e = assertThrows(InvalidSequenceException.class, () -> OneHot.encodeRecords(records));
    assertEquals("sequence 'chr1:100-201' position 4: unexpected character 'X' "
        + "(expected A, C, G, T/U, N or an IUPAC code)", e.getMessage());
    assertEquals(4, e.position());
    assertEquals('X', e.character());
  }

  @Test
  void batchErrorsNameTheIndex() {
    var e = assertThrows(InvalidSequenceException.class, () -> OneHot.encodeBatch(List.of("ACGT", "AC-T")));
    assertEquals("sequence at index 1 position 3: unexpected character '-' "
        + "(expected A, C, G, T/U, N or an IUPAC code)", e.getMessage());
  }

  @Test
  void nonLatinCharacterIsRejectedNotAliased() {
    // U+0141 has low byte 0x41 ('A'): the table lookup must not alias it to A.
    var e = assertThrows(InvalidSequenceException.class, () -> OneHot.encode("AC\u0141", "'s'"));
    assertEquals("sequence 's' position 3: unexpected character U+0141 "
        + "(expected A, C, G, T/U, N or an IUPAC code)", e.getMessage());
  }

  @Test
  void unequalLengthsAreRejected() {
    var e = assertThrows(IllegalArgumentException.class, () -> OneHot.encodeBatch(List.of("ACGT", "ACG")));
    assertEquals("sequence at index 1 has length 3, expected 4 like sequence at index 0 "
        + "(a batch needs equal lengths)", e.getMessage());
  }
}
