package io.seqbind.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqbind.core.seq.LabeledSequence;
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

class SeqTableWriterTest {

  @TempDir Path dir;

  @Test
  void writesDeepBindHeaderAndRows() throws IOException {
    Path out = dir.resolve("tiny.seq");
    new SeqTableWriter().write(out, List.of(
        LabeledSequence.of("seq_00001_peak", "ACGTN", 1),
        LabeledSequence.of("seq_00002_shuf", "TTTT", 0)));
    assertEquals("FoldID\tEventID\tseq\tBound\nA\tseq_00001_peak\tACGTN\t1\nA\tseq_00002_shuf\tTTTT\t0\n",
        Files.readString(out));
    assertEquals(List.of(out), listDir());
  }

  @Test
  void multiTaskColumnsFoldsAndNonIntegerLabels() throws IOException {
    Path out = dir.resolve("multi.seq.gz");
    new SeqTableWriter(List.of("CTCF", "GATA1")).writeRows(out, List.of(
        new SeqTableWriter.Row("B", new LabeledSequence("r1", "AC", new double[] {0.25, Double.NaN})),
        new SeqTableWriter.Row("C", new LabeledSequence("r2", "GT", new double[] {-3, 1}))));
    String text;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(out))) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertEquals("FoldID\tEventID\tseq\tCTCF\tGATA1\nB\tr1\tAC\t0.25\tNA\nC\tr2\tGT\t-3\t1\n", text);
    assertEquals(List.of(new LabeledSequence("r1", "AC", new double[] {0.25, Double.NaN}),
            new LabeledSequence("r2", "GT", new double[] {-3, 1})),
        SeqTableReader.readAll(out).sequences(), "what the writer writes, the reader reads back");
  }

  @Test
  void wrongLabelCountFailsWithRowAndLeavesNothing() throws IOException {
    Path out = dir.resolve("bad.seq.gz");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new SeqTableWriter(List.of("a", "b")).write(out, List.of(LabeledSequence.of("x1", "ACGT", 1))));
    assertTrue(e.getMessage().contains("row 0 (x1) has 1 labels"), e.getMessage());
    assertFalse(Files.exists(out));
    assertEquals(List.of(), listDir());
    assertThrows(IllegalArgumentException.class,
        () -> new SeqTableWriter().write(out, List.of(LabeledSequence.of("tab\tid", "ACGT", 1))));
  }

  private List<Path> listDir() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    }
  }
}
