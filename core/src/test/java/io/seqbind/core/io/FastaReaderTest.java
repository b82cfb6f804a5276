package io.seqbind.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FastaReaderTest {

  @TempDir Path dir;

  private static final String GOOD = "\n"
      + ">seq1 first record\r\n"
      + "ACGTNacgtn\r\n"
      + "RYKM  \r\n"
      + "\r\n"
      + ">seq2\n"
      + "acguu\n"
      + "\n"
      + "UUAC\n"
      + ">  seq3   a  description  \n"
      + "ggg\n";

  private static final List<FastaRecord> EXPECTED = List.of(
      new FastaRecord("seq1", "first record", "ACGTNacgtnRYKM"),
      new FastaRecord("seq2", "", "acguuUUAC"),
      new FastaRecord("seq3", "a  description", "ggg"));

  @Test
  void readsMultiLineLowerCaseRnaWithCrlfAndBlankLines() {
    assertEquals(EXPECTED, FastaReader.readAll(TestFiles.text(dir.resolve("x.fa"), GOOD)));
  }

  @Test
  void readsGzipDetectedByMagicWhateverTheName() {
    assertEquals(EXPECTED, FastaReader.readAll(TestFiles.gzip(dir.resolve("x.fa.gz"), GOOD)));
    assertEquals(EXPECTED, FastaReader.readAll(TestFiles.gzip(dir.resolve("x.fasta"), GOOD)));
  }

  @Test
  void readsPlainTextNamedGz() {
    assertEquals(EXPECTED, FastaReader.readAll(TestFiles.text(dir.resolve("plain.fa.gz"), GOOD)));
  }

  @Test
  void streamsLazilyAndClosesWithTheStream() {
    Path file = TestFiles.text(dir.resolve("x.fa"), GOOD);
    try (FastaReader reader = FastaReader.open(file)) {
      assertEquals("seq1,seq2,seq3", reader.stream().map(FastaRecord::name).collect(Collectors.joining(",")));
    }
  }

  @Test
  void emptyFileHasNoRecords() {
    assertEquals(List.of(), FastaReader.readAll(TestFiles.text(dir.resolve("e.fa"), "\n\n")));
  }

  @Test
  void sequenceBeforeFirstHeader() {
    Path file = TestFiles.text(dir.resolve("x.fa"), "\nACGT\n>seq1\nACGT\n");
    var e = assertThrows(InputFormatException.class, () -> FastaReader.readAll(file));
    assertEquals(file + ":2: sequence data before the first '>' header, expected a header line starting with '>'",
        e.getMessage());
    assertEquals(2, e.line());
  }

  @Test
  void headersAreCutAtTheFirstWhitespaceOfAnyKindAndSingleLineRecordsAreTrimmed() {
    // Tabs, vertical tabs and Unicode spaces around and inside the header, trailing blanks on one-line and
    // many-line records: the name is the first word, the description the rest stripped (Character.isWhitespace).
    Path file = TestFiles.text(dir.resolve("x.fa"), ">\tt1\u2003desc\u2003 more\t \n"
        + "ACGT\t\n"
        + ">t2\u000b\n"
        + "AC \n"
        + "\n"
        + "GT\n"
        + "\t\n"
        + ">t3\u00e9\u2003\n"
        + "acgu\n");
    assertEquals(List.of(
        new FastaRecord("t1", "desc\u2003 more", "ACGT"),
        new FastaRecord("t2", "", "ACGT"),
        new FastaRecord("t3\u00e9", "", "acgu")), FastaReader.readAll(file));
  }

  @Test
  void headerOfWhitespaceOnlyIsAnEmptyName() {
    Path file = TestFiles.text(dir.resolve("x.fa"), ">\t\u2003 \nACGT\n");
    var e = assertThrows(InputFormatException.class, () -> FastaReader.readAll(file));
    assertEquals(file + ":1: empty record name after '>', expected a name right after '>', e.g. '>seq1'",
        e.getMessage());
  }

  @Test
  void badCharacterOnASecondSequenceLineNamesItsColumn() {
    Path file = TestFiles.text(dir.resolve("x.fa"), ">s1 d\nACGT\nAC\u00e9T\n");
    var e = assertThrows(InputFormatException.class, () -> FastaReader.readAll(file));
    assertEquals(file + ":3: unexpected character U+00E9 at column 3 in record 's1', "
        + "expected A, C, G, T/U, N or an IUPAC code", e.getMessage());
  }

  @Test
  void emptyHeaderName() {
    Path file = TestFiles.text(dir.resolve("x.fa"), ">seq1\nACGT\n>   \nACGT\n");
    var e = assertThrows(InputFormatException.class, () -> FastaReader.readAll(file));
    assertEquals(file + ":3: empty record name after '>', expected a name right after '>', e.g. '>seq1'",
        e.getMessage());
  }

  @Test
  void recordWithNoSequence() {
    Path file = TestFiles.text(dir.resolve("x.fa"), ">seq1\nACGT\n>seq2 empty\n\n>seq3\nAC\n");
    var e = assertThrows(InputFormatException.class, () -> FastaReader.readAll(file));
    assertEquals(file + ":3: record 'seq2' has no sequence, expected at least one line of bases after its header",
        e.getMessage());
  }

  @Test
  void lastRecordWithNoSequence() {
    Path file = TestFiles.text(dir.resolve("x.fa"), ">seq1\nACGT\n>seq2\n");
    var e = assertThrows(InputFormatException.class, () -> FastaReader.readAll(file));
    assertEquals(file + ":3: record 'seq2' has no sequence, expected at least one line of bases after its header",
        e.getMessage());
  }

  @Test
  void unknownCharacterWithLineAndColumn() {
    Path file = TestFiles.text(dir.resolve("x.fa"), ">seq1\nACGT\nACXT\n");
    var e = assertThrows(InputFormatException.class, () -> FastaReader.readAll(file));
    assertEquals(file + ":3: unexpected character 'X' at column 3 in record 'seq1', "
        + "expected A, C, G, T/U, N or an IUPAC code", e.getMessage());
  }

  @Test
  void innerSpaceIsAnUnknownCharacter() {
    Path file = TestFiles.gzip(dir.resolve("x.fa.gz"), ">s\nAC GT\n");
    var e = assertThrows(InputFormatException.class, () -> FastaReader.readAll(file));
    assertEquals(file + ":2: unexpected character U+0020 at column 3 in record 's', "
        + "expected A, C, G, T/U, N or an IUPAC code", e.getMessage());
  }

  @Test
  void truncatedGzipNamesFileAndLastLineRead() {
    StringBuilder fasta = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      fasta.append(">r").append(i).append('\n').append(TestFiles.bases(60, i)).append('\n');
    }
    Path file = TestFiles.truncatedGzip(dir.resolve("x.fa.gz"), fasta.toString(), 100);
    var e = assertThrows(InputFormatException.class, () -> FastaReader.readAll(file));
    assertTrue(e.line() > 1000 && e.line() < 4000, () -> "line " + e.line());
    assertEquals(file + ":" + e.line() + ": truncated gzip stream, expected the rest of the compressed file",
        e.getMessage());
  }

  @Test
  void gzipWithOnlyTheTrailerCutIsStillAnError() {
    Path file = TestFiles.truncatedGzip(dir.resolve("x.fa.gz"), ">s\nACGT\n", 3);
    var e = assertThrows(InputFormatException.class, () -> FastaReader.readAll(file));
    assertEquals("truncated gzip stream", e.problem());
  }

  @Test
  void missingFile() {
    Path file = dir.resolve("nope.fa");
    var e = assertThrows(InputFormatException.class, () -> FastaReader.readAll(file));
    assertEquals(file + ": no such file, expected an existing readable file", e.getMessage());
  }
}
