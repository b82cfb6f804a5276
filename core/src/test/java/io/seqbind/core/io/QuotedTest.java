package io.seqbind.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class QuotedTest {

  @Test
  void shortPrintableTokensAreQuotedAsTheyAre() {
    assertEquals("'chr1:100-201'", Quoted.token("chr1:100-201"));
    assertEquals("''", Quoted.token(""));
  }

  @Test
  void longInputIsCutToTwentyFourCharacters() {
    assertEquals("'root:$6$abcdefghijklmnop'...", Quoted.token("root:$6$abcdefghijklmnopqrstuvwxyz:19000:0:99999"));
  }

  @Test
  void bareIsTheTokenWithoutQuotes() {
    assertEquals("Bound", Quoted.bare("Bound"));
    assertEquals("abcdefghijklmnopqrstuvwx...", Quoted.bare("abcdefghijklmnopqrstuvwxyz"));
  }

  @Test
  void controlBytesQuotesAndBackslashesAreEscaped() {
    assertEquals("'a\\u0000b\\u0009c\\u0027\\u005C\\u00E9'", Quoted.token("a\0b\tc'\\\u00e9"));
  }
}
