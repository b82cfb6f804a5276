package io.seqbind.core.seq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AlphabetTest {

  @Test
  void reverseComplementDnaKeepsCase() {
    assertEquals("ACGTacgt", Alphabet.DNA.reverseComplement("acgtACGT"));
    assertEquals("AACG", Alphabet.DNA.reverseComplement("CGUU"));
  }

  @Test
  void reverseComplementRnaWritesU() {
    assertEquals("UUCG", Alphabet.RNA.reverseComplement("CGAA"));
    assertEquals("ACGUacgu", Alphabet.RNA.reverseComplement("acguACGT"));
  }

  @Test
  void reverseComplementOfIupacCodes() {
    // R<->Y, K<->M, B<->V, D<->H; S, W, N are their own complements.
    assertEquals("NWSVHDBKMRY", Alphabet.DNA.reverseComplement("RYKMVHDBSWN"));
    assertEquals("nwsvhdbkmry", Alphabet.DNA.reverseComplement("rykmvhdbswn"));
  }

  @Test
  void reverseComplementIsAnInvolution() {
    String s = "ACGTNRYSWKMBDHVacgtnryswkmbdhv";
    assertEquals(s, Alphabet.DNA.reverseComplement(Alphabet.DNA.reverseComplement(s)));
  }

  @Test
  void reverseComplementRejectsNonBases() {
    var e = assertThrows(InvalidSequenceException.class, () -> Alphabet.DNA.reverseComplement("ACZ", "'r1'"));
    assertEquals("sequence 'r1' position 3: unexpected character 'Z' "
        + "(expected A, C, G, T/U, N or an IUPAC code)", e.getMessage());
  }

  @Test
  void basesTable() {
    for (char c : "ACGTUNRYSWKMBDHVacgtunryswkmbdhv".toCharArray()) {
      assertTrue(Bases.isBase(c), () -> "base " + c);
    }
    for (char c : "EFIJLOPQXZ*-. 0\t".toCharArray()) {
      assertFalse(Bases.isBase(c), () -> "not a base " + c);
    }
    assertEquals(3, Bases.code('u'));
    assertEquals(Bases.AMBIGUOUS, Bases.code('n'));
    assertEquals("U+0009", Bases.describe('\t'));
  }

  @Test
  void parse() {
    assertEquals(Alphabet.RNA, Alphabet.parse("rna"));
    var e = assertThrows(IllegalArgumentException.class, () -> Alphabet.parse("protein"));
    assertEquals("unknown alphabet 'protein', expected DNA or RNA", e.getMessage());
  }
}
