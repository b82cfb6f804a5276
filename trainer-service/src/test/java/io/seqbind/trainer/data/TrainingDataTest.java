package io.seqbind.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.seqbind.core.io.InputFormatException;
import io.seqbind.core.model.TaskType;
import io.seqbind.core.seq.LabeledSequence;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingDataTest {

  @TempDir Path dir;

  private DataSource source(Path input, Path labels, Negatives negatives) {
    return new DataSource(input, labels, null, DataSource.DEFAULT_WINDOW, negatives, 7);
  }

  @Test
  void seqTableWithBothClassesIsUsedAsIs() throws Exception {
    Path seq = Files.writeString(dir.resolve("x.seq"),
        "FoldID\tEventID\tseq\tBound\nA\tp1\tACGTACGT\t1\nA\tn1\tTTTTCCCC\t0\n");
    Dataset data = TrainingData.load(source(seq, null, Negatives.AUTO));
    assertEquals(List.of("Bound"), data.taskNames());
    assertEquals(TaskType.BINARY, data.type());
    assertEquals(List.of(LabeledSequence.of("p1", "ACGTACGT", 1), LabeledSequence.of("n1", "TTTTCCCC", 0)), data.records());
    assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(seq))), data.sha256());
    assertEquals(Files.size(seq), data.bytes());
  }

  @Test
  void positivesOnlyFastaGetsOneDinucleotideShuffleEach() throws Exception {
    Path fasta = Files.writeString(dir.resolve("pos.fa"), ">a\nACGTTGCAACGGTACCAGTA\n>b\nGGGATCCCAAATTTTACGTG\n");
    Dataset data = TrainingData.load(source(fasta, null, Negatives.AUTO));
    assertEquals(4, data.size());
    assertEquals(List.of("a", "a_shuf1", "b", "b_shuf1"), data.records().stream().map(LabeledSequence::id).toList());
    assertEquals(List.of(1.0, 0.0, 1.0, 0.0), data.records().stream().map(r -> r.label(0)).toList());
    assertEquals(dinucleotides(data.records().get(0).sequence()), dinucleotides(data.records().get(1).sequence()));
    assertEquals(List.of("FASTA without --labels: every sequence is a positive",
        "2 positives + as many dinucleotide-shuffled negatives (DeepBind protocol)"), data.notes());
  }

  @Test
  void realValuedLabelsMakeRegressionAndRefuseShuffles() throws Exception {
    Path fasta = Files.writeString(dir.resolve("x.fa"), ">a\nACGT\n>b\nTTTT\n");
    Path labels = Files.writeString(dir.resolve("labels.tsv"), "id\tsignal\na\t0.5\nb\t2.25\n");
    assertEquals(TaskType.REGRESSION, TrainingData.load(source(fasta, labels, Negatives.AUTO)).type());
    var e = assertThrows(IllegalArgumentException.class, () -> TrainingData.load(source(fasta, labels, Negatives.SHUFFLE)));
    assertEquals(fasta + ": shuffled negatives need single-task binary data, this has 1 regression task(s); "
        + "use --negatives none", e.getMessage());
  }

  @Test
  void anEmptyClassIsRefusedWithTheFix() throws Exception {
    Path seq = Files.writeString(dir.resolve("x.seq"), "FoldID\tEventID\tseq\tBound\nA\tp1\tACGT\t1\nA\tp2\tAAGT\t1\n");
    var e = assertThrows(IllegalArgumentException.class, () -> TrainingData.load(source(seq, null, Negatives.NONE)));
    assertEquals(seq + ": task 'Bound' has 2 positives and 0 negatives; a binary task needs both "
        + "(add --negatives shuffle for positives-only data)", e.getMessage());
  }

  @Test
  void readerErrorsKeepFileAndLine() throws Exception {
    Path seq = Files.writeString(dir.resolve("x.seq"), "FoldID\tEventID\tseq\tBound\nA\tp1\tACGT\t1\nA\tp2\tAC\n");
    var e = assertThrows(InputFormatException.class, () -> TrainingData.load(source(seq, null, Negatives.AUTO)));
    assertEquals(seq + ":3: found 3 tab-separated columns, expected 4 (FoldID, EventID, seq, Bound)", e.getMessage());
  }

  @Test
  void peaksNeedAGenome() {
    Path peaks = dir.resolve("p.narrowPeak");
    var e = assertThrows(IllegalArgumentException.class, () -> TrainingData.load(DataSource.of(peaks)));
    assertEquals(peaks + ": peak files need --genome, the indexed reference FASTA", e.getMessage());
  }

  @Test
  void peakWindowsOffTheirContigAreCountedInOneNote() throws Exception {
    // One 300-bp contig: 20-bp windows around summits at 5 and 295 run off it, the one at 150 does not.
    StringBuilder bases = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      bases.append("ACGT".charAt((i * 7 + i / 3) % 4));
    }
    Path genome = Files.writeString(dir.resolve("g.fa"), ">c1\n" + bases + "\n");
    Files.writeString(dir.resolve("g.fa.fai"), "c1\t300\t4\t300\t301\n");
    Path peaks = Files.writeString(dir.resolve("p.bed"), "c1\t0\t10\nc1\t140\t160\nc1\t290\t300\n");
    Dataset data = TrainingData.load(new DataSource(peaks, null, genome, 20, Negatives.SHUFFLE, 1));
    assertEquals(2, data.size(), "one window and its shuffle");
    assertEquals("skipped 2 of 3 peaks whose window runs off its contig; the first: " + peaks
        + ":1: skipped c1:0-10: its 20-bp window -5-15 runs off c1 (length 300)", data.notes().get(0));
  }

  private static Map<String, Integer> dinucleotides(String s) {
    Map<String, Integer> counts = new TreeMap<>();
    for (int i = 0; i + 1 < s.length(); i++) {
      counts.merge(s.substring(i, i + 2), 1, Integer::sum);
    }
    return counts;
  }
}
