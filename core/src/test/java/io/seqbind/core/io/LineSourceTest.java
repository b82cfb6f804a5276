package io.seqbind.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineSourceTest {

  @TempDir
  Path dir;

  private List<String> lines(String text) throws IOException {
    Path file = dir.resolve("in.txt");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    List<String> out = new ArrayList<>();
    try (LineSource source = LineSource.open(file)) {
      for (String line = source.next(); line != null; line = source.next()) {
        out.add(line);
      }
    }
    return out;
  }

  @Test
  void splitsOnLfCrAndCrlfAsBufferedReaderDoes() throws IOException {
    assertEquals(List.of("a", "b", "c", "", "d"), lines("a\nb\r\nc\r\rd"));
    assertEquals(List.of("a", ""), lines("a\n\n"));
    assertEquals(List.of(), lines(""));
  }

  @Test
  void crlfAcrossTheBufferBoundaryIsOneLineEnd() throws IOException {
    // The 64 KiB buffer ends between CR and LF: the LF must not make an empty line.
    String first = "A".repeat((1 << 16) - 1);
    assertEquals(List.of(first, "CG", "T"), lines(first + "\r\nCG\nT"));
  }

  @Test
  void linesLongerThanTheBufferReadWhole() throws IOException {
    String longLine = "ACGT".repeat(50_000);
    assertEquals(List.of("x", longLine, "y"), lines("x\n" + longLine + "\ny"));
  }

  @Test
  void aLineBeyondTheBoundIsAnErrorNamingItsLine() throws IOException {
    Path file = dir.resolve("long.txt");
    Files.writeString(file, "ok\n" + "N".repeat(5000) + "\n");
    try (LineSource source = LineSource.open(file, 1000)) {
      assertEquals("ok", source.next());
      InputFormatException e = assertThrows(InputFormatException.class, source::next);
      assertEquals(file + ":2: line longer than 1000 characters (a binary file?), expected text lines of at most"
          + " 1000 characters", e.getMessage());
    }
  }

  @Test
  void aDeviceThatNeverEndsALineStopsAtTheBoundInsteadOfFillingTheHeap() {
    Path zero = Path.of("/dev/zero");
    try (LineSource source = LineSource.open(zero, 1 << 20)) {
      InputFormatException e = assertThrows(InputFormatException.class, source::next);
      assertTrue(e.getMessage().startsWith("/dev/zero:1: line longer than"), e.getMessage());
    }
  }

  @Test
  void endOfFileAfterTheLastLine() throws IOException {
    Path file = dir.resolve("one.txt");
    Files.writeString(file, "only");
    try (LineSource source = LineSource.open(file)) {
      assertEquals("only", source.next());
      assertNull(source.next());
      assertEquals(1, source.lineNumber());
    }
  }
}
