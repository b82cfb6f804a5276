package io.seqbind.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FastaWriterTest {

  @TempDir Path dir;

  @Test
  void wrapsAtTheLineWidthAndWritesExactText() throws IOException {
    Path out = dir.resolve("tiny.fa");
    new FastaWriter(4).write(out, List.of(
        new FastaWriter.Record("one first record", "ACGTACGTAC"),
        new FastaWriter.Record("two", "ACGT"),
        new FastaWriter.Record("empty", "")));
    assertEquals(">one first record\nACGT\nACGT\nAC\n>two\nACGT\n>empty\n", Files.readString(out));
    assertEquals(List.of(out), listDir());
  }

  @Test
  void defaultWidthIsSixtyAndEightyIsHonoured() throws IOException {
    String seq = "A".repeat(130);
    Path sixty = dir.resolve("sixty.fa");
    Path eighty = dir.resolve("eighty.fa");
    new FastaWriter().write(sixty, List.of(new FastaWriter.Record("s", seq)));
    new FastaWriter(80).write(eighty, List.of(new FastaWriter.Record("s", seq)));
    assertEquals(List.of(">s", "A".repeat(60), "A".repeat(60), "A".repeat(10)), Files.readAllLines(sixty));
    assertEquals(List.of(">s", "A".repeat(80), "A".repeat(50)), Files.readAllLines(eighty));
  }

  @Test
  void gzipNameIsCompressed() throws IOException {
    Path out = dir.resolve("x.fa.gz");
    new FastaWriter().write(out, List.of(new FastaWriter.Record("x", "ACGT")));
    try (InputStream in = new GZIPInputStream(Files.newInputStream(out))) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      in.transferTo(bytes);
      assertEquals(">x\nACGT\n", bytes.toString(StandardCharsets.UTF_8));
    }
  }

  @Test
  void badRecordLeavesNoFileAndNoTemporary() throws IOException {
    Path out = dir.resolve("bad.fa");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FastaWriter().write(out,
        List.of(new FastaWriter.Record("ok", "ACGT"), new FastaWriter.Record("broken", "AC\nGT"))));
    assertTrue(e.getMessage().contains("record 1 (broken)"), e.getMessage());
    assertFalse(Files.exists(out));
    assertEquals(List.of(), listDir());
    assertThrows(IllegalArgumentException.class,
        () -> new FastaWriter().write(out, List.of(new FastaWriter.Record(" lead", "A"))));
    assertThrows(IllegalArgumentException.class, () -> new FastaWriter(0));
  }

  private List<Path> listDir() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    }
  }
}
