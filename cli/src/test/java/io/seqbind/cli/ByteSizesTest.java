package io.seqbind.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class ByteSizesTest {

  private final ByteSizes sizes = new ByteSizes();

  @Test
  void suffixesArePowersOf1024() {
    assertEquals(1_000L, sizes.convert("1000"));
    assertEquals(4_096L, sizes.convert("4K"));
    assertEquals(512L * 1024 * 1024, sizes.convert("512m"));
    assertEquals(10L * 1024 * 1024 * 1024, sizes.convert("10G"));
    assertEquals(10L * 1024 * 1024 * 1024, sizes.convert("10GB"));
    assertEquals(2L << 40, sizes.convert("2T"));
  }

  @Test
  void anythingElseIsRefusedWithAnExample() {
    for (String bad : new String[] {"", "G", "-1", "1.5G", "ten", "9999999999T"}) {
      TypeConversionException e = assertThrows(TypeConversionException.class, () -> sizes.convert(bad), bad);
      assertEquals("'" + bad + "' is not a byte count; expected e.g. 1048576, 512M or 10G", e.getMessage());
    }
  }
}
