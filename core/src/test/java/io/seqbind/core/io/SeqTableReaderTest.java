package io.seqbind.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqbind.core.seq.LabeledSequence;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeqTableReaderTest {

  @TempDir Path dir;

  private static final String GOOD = "FoldID\tEventID\tseq\tBound\r\n"
      + "A\tseq_00001_peak\tACGTNacgtn\t1\r\n"
      + "B\tseq_00002_shuf\tacguRYKM\t0\r\n"
      + "\n"
      + "C\tseq_00003\tUUUU\t0.37\n";

  private static final List<LabeledSequence> EXPECTED = List.of(
      LabeledSequence.of("seq_00001_peak", "ACGTNacgtn", 1),
      LabeledSequence.of("seq_00002_shuf", "acguRYKM", 0),
      LabeledSequence.of("seq_00003", "UUUU", 0.37));

  @Test
  void readsPlainTable() {
    SeqTable table = SeqTableReader.readAll(TestFiles.text(dir.resolve("x.seq"), GOOD));
    assertEquals(List.of("Bound"), table.taskNames());
    assertEquals(EXPECTED, table.sequences());
    assertEquals(List.of("A", "B", "C"), table.foldIds());
  }

  @Test
  void readsGzipAndAnyLabelNameAndColumnOrder() {
    String content = "seq\tScore\tEventID\tFoldID\nACGT\t-2.5e-1\te1\tA\n";
    try (SeqTableReader reader = SeqTableReader.open(TestFiles.gzip(dir.resolve("x.seq.gz"), content))) {
      assertEquals(List.of("Score"), reader.taskNames());
      SeqTableRecord r = reader.next();
      assertEquals(new SeqTableRecord("A", LabeledSequence.of("e1", "ACGT", -0.25)), r);
      assertEquals(2, reader.lineOfLast());
      assertEquals(false, reader.hasNext());
    }
  }

  @Test
  void missingHeader() {
    Path file = TestFiles.text(dir.resolve("x.seq"), "A\tseq_1\tACGT\t1\n");
    var e = assertThrows(InputFormatException.class, () -> SeqTableReader.readAll(file));
    assertEquals(file + ":1: missing header line (the first line names none of FoldID, EventID, seq), expected a tab-separated header "
        + "naming the columns FoldID, EventID, seq and label columns (e.g. Bound)", e.getMessage());
  }

  @Test
  void headerWithoutEventId() {
    Path file = TestFiles.text(dir.resolve("x.seq"), "FoldID\tId\tseq\tBound\n");
    var e = assertThrows(InputFormatException.class, () -> SeqTableReader.readAll(file));
    assertEquals(file + ":1: header has no column 'EventID' (found FoldID, Id, seq, Bound), expected a "
        + "tab-separated header naming the columns FoldID, EventID, seq and label columns (e.g. Bound)",
        e.getMessage());
  }

  @Test
  void oneTaskPerLabelColumn() {
    Path file = TestFiles.text(dir.resolve("x.seq"), "FoldID\tEventID\tseq\tCTCF\tGATA1\nA\te1\tACGT\t1\t0\n");
    SeqTable table = SeqTableReader.readAll(file);
    assertEquals(List.of("CTCF", "GATA1"), table.taskNames());
    assertEquals(List.of(new LabeledSequence("e1", "ACGT", new double[] {1, 0})), table.sequences());
  }

  @Test
  void multiTaskTablesMayMissALabel() {
    Path file = TestFiles.text(dir.resolve("x.seq"), "FoldID\tEventID\tseq\tCTCF\tGATA1\nA\te1\tACGT\tNA\t1\n");
    assertEquals(List.of(new LabeledSequence("e1", "ACGT", new double[] {Double.NaN, 1})),
        SeqTableReader.readAll(file).sequences());
  }

  @Test
  void noLabelColumn() {
    Path file = TestFiles.text(dir.resolve("x.seq"), "FoldID\tEventID\tseq\n");
    var e = assertThrows(InputFormatException.class, () -> SeqTableReader.readAll(file));
    assertEquals(file + ":1: header has no label column, "
        + "expected at least one label column besides FoldID, EventID and seq", e.getMessage());
  }

  @Test
  void emptyFile() {
    Path file = TestFiles.text(dir.resolve("x.seq"), "");
    var e = assertThrows(InputFormatException.class, () -> SeqTableReader.readAll(file));
    assertEquals(file + ": empty file, expected a tab-separated header naming the columns FoldID, EventID, "
        + "seq and label columns (e.g. Bound)", e.getMessage());
  }

  @Test
  void wrongColumnCount() {
    Path file = TestFiles.text(dir.resolve("x.seq"), GOOD + "D\tseq_4\tACGT\n");
    var e = assertThrows(InputFormatException.class, () -> SeqTableReader.readAll(file));
    assertEquals(file + ":6: found 3 tab-separated columns, expected 4 (FoldID, EventID, seq, Bound)",
        e.getMessage());
  }

  @Test
  void nonNumericLabel() {
    Path file = TestFiles.text(dir.resolve("x.seq"), GOOD + "D\tseq_4\tACGT\t1\nD\tseq_5\tACGT\tabc\n");
    var e = assertThrows(InputFormatException.class, () -> SeqTableReader.readAll(file));
    assertEquals(file + ":7: label 'abc' in column 'Bound' is not a number, "
        + "expected a finite number such as 0, 1 or 0.37", e.getMessage());
  }

  @Test
  void labelsThatParseDoubleWouldAcceptAreRejected() {
    for (String bad : new String[] {"1d", "NaN", "Infinity", "0x1p3", ""}) {
      Path file = TestFiles.text(dir.resolve("x.seq"), "FoldID\tEventID\tseq\tBound\nA\te\tAC\t" + bad + "\n");
      var e = assertThrows(InputFormatException.class, () -> SeqTableReader.readAll(file), bad);
      assertEquals("label '" + bad + "' in column 'Bound' is not a number", e.problem());
    }
  }

  @Test
  void unknownCharacterInSeq() {
    Path file = TestFiles.gzip(dir.resolve("x.seq.gz"), GOOD + "D\tseq_4\tACGTX\t1\n");
    var e = assertThrows(InputFormatException.class, () -> SeqTableReader.readAll(file));
    assertEquals(file + ":6: unexpected character 'X' at position 5 of seq in record 'seq_4', "
        + "expected A, C, G, T/U, N or an IUPAC code", e.getMessage());
  }

  @Test
  void truncatedGzip() {
    StringBuilder sb = new StringBuilder("FoldID\tEventID\tseq\tBound\n");
    for (int i = 0; i < 3000; i++) {
      sb.append("A\tseq_").append(i).append('\t').append(TestFiles.bases(101, i)).append("\t1\n");
    }
    Path file = TestFiles.truncatedGzip(dir.resolve("x.seq.gz"), sb.toString(), 200);
    var e = assertThrows(InputFormatException.class, () -> SeqTableReader.readAll(file));
    assertTrue(e.line() > 1000 && e.line() < 3001, () -> "line " + e.line());
    assertEquals(file + ":" + e.line() + ": truncated gzip stream, expected the rest of the compressed file",
        e.getMessage());
  }
}
