package io.seqbind.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.seqbind.core.seq.LabeledSequence;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelJoinTest {

  @TempDir Path dir;

  private static final double NAN = Double.NaN;
  private static final String FASTA = ">r1\nACGT\n>r2 desc\nacgu\nNN\n>r3\nRYKM\n";
  private static final String LABELS = "id\tCTCF\tGATA1\tH3K27ac\r\n"
      + "r3\t1\tNA\t0.5\r\n"
      + "r1\t0\t.\tnan\r\n"
      + "r2\t1e-2\t\t-1\r\n";

  @Test
  void readsValuesAndMissingTokens() {
    LabelTable t = LabelTable.read(TestFiles.gzip(dir.resolve("l.tsv.gz"), LABELS));
    assertEquals(List.of("CTCF", "GATA1", "H3K27ac"), t.taskNames());
    assertEquals(List.of("r3", "r1", "r2"), t.ids());
    assertArrayEquals(new double[] {1, NAN, 0.5}, t.get("r3").values());
    assertArrayEquals(new double[] {0, NAN, NAN}, t.get("r1").values());
    assertArrayEquals(new double[] {0.01, NAN, -1}, t.get("r2").values());
    assertEquals(4, t.get("r2").line());
  }

  @Test
  void joinByIdInFastaOrder() {
    MultiTaskSet set = LabelJoin.join(TestFiles.text(dir.resolve("x.fa"), FASTA),
        TestFiles.text(dir.resolve("l.tsv"), LABELS));
    assertEquals(List.of("CTCF", "GATA1", "H3K27ac"), set.taskNames());
    assertEquals(List.of(
        new LabeledSequence("r1", "ACGT", new double[] {0, NAN, NAN}),
        new LabeledSequence("r2", "acguNN", new double[] {0.01, NAN, -1}),
        new LabeledSequence("r3", "RYKM", new double[] {1, NAN, 0.5})), set.sequences());
  }

  @Test
  void duplicateLabelId() {
    Path labels = TestFiles.text(dir.resolve("l.tsv"), LABELS + "r1\t1\t1\t1\n");
    var e = assertThrows(InputFormatException.class, () -> LabelTable.read(labels));
    assertEquals(labels + ":5: duplicate id 'r1' (first on line 3), expected each id once", e.getMessage());
  }

  @Test
  void duplicateFastaName() {
    Path fasta = TestFiles.text(dir.resolve("x.fa"), FASTA + ">r1\nAC\n");
    Path labels = TestFiles.text(dir.resolve("l.tsv"), LABELS);
    var e = assertThrows(InputFormatException.class, () -> LabelJoin.join(fasta, labels));
    assertEquals(fasta + ":8: duplicate record name 'r1' (first on line 1), "
        + "expected unique names to join with the labels in " + labels, e.getMessage());
  }

  @Test
  void fastaRecordsWithoutLabels() {
    Path fasta = TestFiles.text(dir.resolve("x.fa"), FASTA + ">r4\nAC\n>r5\nGG\n");
    Path labels = TestFiles.text(dir.resolve("l.tsv"), LABELS);
    var e = assertThrows(InputFormatException.class, () -> LabelJoin.join(fasta, labels));
    assertEquals(fasta + ":8: 2 records not in the labels " + labels + " (r4, r5), "
        + "expected a labels row for every FASTA record", e.getMessage());
  }

  @Test
  void labelsWithoutFastaRecords() {
    Path fasta = TestFiles.text(dir.resolve("x.fa"), FASTA);
    Path labels = TestFiles.text(dir.resolve("l.tsv"), LABELS + "r9\t1\t1\t1\n");
    var e = assertThrows(InputFormatException.class, () -> LabelJoin.join(fasta, labels));
    assertEquals(labels + ":5: 1 id not in the FASTA " + fasta + " (r9), "
        + "expected every labels id to name a FASTA record", e.getMessage());
  }

  @Test
  void nonNumericValueNamesLineAndColumn() {
    Path labels = TestFiles.text(dir.resolve("l.tsv"), LABELS + "r4\t1\tyes\t1\n");
    var e = assertThrows(InputFormatException.class, () -> LabelTable.read(labels));
    assertEquals(labels + ":5: value 'yes' in column 'GATA1' is not a number, "
        + "expected a finite number, or NA, nan, . or empty for a missing value", e.getMessage());
  }

  @Test
  void wrongColumnCount() {
    Path labels = TestFiles.text(dir.resolve("l.tsv"), LABELS + "r4\t1\t1\n");
    var e = assertThrows(InputFormatException.class, () -> LabelTable.read(labels));
    assertEquals(labels + ":5: found 3 tab-separated columns, expected 4 (id and 3 tasks)", e.getMessage());
  }

  @Test
  void headerMustStartWithId() {
    Path labels = TestFiles.text(dir.resolve("l.tsv"), "r1\t1\t0\n");
    var e = assertThrows(InputFormatException.class, () -> LabelTable.read(labels));
    assertEquals(labels + ":1: the first header column is not 'id', "
        + "expected a tab-separated header 'id' then one column per task name", e.getMessage());
  }

  @Test
  void streamingJoinInSameOrder() {
    Path fasta = TestFiles.text(dir.resolve("x.fa"), FASTA);
    Path labels = TestFiles.text(dir.resolve("l.tsv"), "id\tA\nr1\t1\nr2\tNA\nr3\t0\n");
    List<LabeledSequence> got = new ArrayList<>();
    try (LabelJoin.Ordered join = LabelJoin.inOrder(fasta, labels)) {
      assertEquals(List.of("A"), join.taskNames());
      join.forEachRemaining(got::add);
    }
    assertEquals(List.of(LabeledSequence.of("r1", "ACGT", 1), LabeledSequence.of("r2", "acguNN", NAN),
        LabeledSequence.of("r3", "RYKM", 0)), got);
  }

  @Test
  void streamingJoinOrderMismatch() {
    Path fasta = TestFiles.text(dir.resolve("x.fa"), FASTA);
    Path labels = TestFiles.text(dir.resolve("l.tsv"), LABELS);
    try (LabelJoin.Ordered join = LabelJoin.inOrder(fasta, labels)) {
      var e = assertThrows(InputFormatException.class, join::next);
      assertEquals(labels + ":2: id 'r3' where the FASTA record at " + fasta + ":1 is 'r1', "
          + "expected the same ids in the same order in both files (or join by id)", e.getMessage());
    }
  }

  @Test
  void streamingJoinLabelsEndFirst() {
    Path fasta = TestFiles.text(dir.resolve("x.fa"), FASTA);
    Path labels = TestFiles.text(dir.resolve("l.tsv"), "id\tA\nr1\t1\nr2\t0\n");
    try (LabelJoin.Ordered join = LabelJoin.inOrder(fasta, labels)) {
      join.next();
      join.next();
      var e = assertThrows(InputFormatException.class, join::hasNext);
      assertEquals(fasta + ":6: record 'r3' has no labels row: " + labels + " ended, "
          + "expected the same ids in the same order in both files", e.getMessage());
    }
  }
}
