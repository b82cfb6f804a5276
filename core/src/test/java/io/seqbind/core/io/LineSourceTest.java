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
  void utf8CharactersAcrossTheBufferBoundaryAndMalformedBytesDecodeAsAReaderDecodesThem() throws IOException {
    // A two-byte and a three-byte character straddle the 64 KiB buffer's end; the second line holds bytes that
    // are not UTF-8, which a Reader turns into U+FFFD.
    String first = "A".repeat((1 << 16) - 1) + "\u00e9\u4e2d>";
    byte[] text = first.getBytes(StandardCharsets.UTF_8);
    byte[] bad = {'x', (byte) 0xff, (byte) 0xc3, '\n', 'y'};
    Path file = dir.resolve("utf8.txt");
    Files.write(file, concat(text, new byte[] {'\n'}, bad));
    List<String> expected = new java.io.BufferedReader(new java.io.InputStreamReader(
        new java.io.ByteArrayInputStream(Files.readAllBytes(file)), StandardCharsets.UTF_8)).lines().toList();
    assertEquals(List.of(first, "x\ufffd\ufffd", "y"), expected);
    List<String> out = new ArrayList<>();
    try (LineSource source = LineSource.open(file)) {
      for (String line = source.next(); line != null; line = source.next()) {
        out.add(line);
      }
    }
    assertEquals(expected, out);
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
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
