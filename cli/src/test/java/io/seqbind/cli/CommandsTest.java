package io.seqbind.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqbind.core.io.FastaReader;
import io.seqbind.core.io.FastaRecord;
import io.seqbind.core.io.SeqTable;
import io.seqbind.core.io.SeqTableReader;
import io.seqbind.core.model.Presets;
import io.seqbind.core.seq.LabeledSequence;
import io.seqbind.trainer.calibration.SearchSpace;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The CLI end to end in-process: what a user types, what lands on disk, what is printed on bad input. */
class CommandsTest {

  @TempDir Path dir;

  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cmd = SeqbindCommand.commandLine();
    cmd.setErr(new PrintWriter(err, true));
    return cmd.execute(args);
  }

  @Test
  void simulateThenShuffleKeepsEveryDinucleotideCount() throws Exception {
    Path demo = dir.resolve("demo");
    assertEquals(0, run("simulate", "--out", demo.toString(), "--seed", "3", "--count", "20"));
    Path shuffled = dir.resolve("train.neg.seq.gz");
    assertEquals(0, run("shuffle", "--input", demo.resolve("train.seq.gz").toString(),
        "--out", shuffled.toString(), "--per-sequence", "2", "--with-input", "--seed", "5"));

    SeqTable original = SeqTableReader.readAll(demo.resolve("train.seq.gz"));
    SeqTable out = SeqTableReader.readAll(shuffled);
    assertEquals(original.taskNames(), out.taskNames());
    assertEquals(3 * original.size(), out.size());
    for (int i = 0; i < original.size(); i++) {
      LabeledSequence in = original.sequences().get(i);
      assertEquals(in, out.sequences().get(3 * i));
      for (int j = 1; j <= 2; j++) {
        LabeledSequence shuffle = out.sequences().get(3 * i + j);
        assertEquals(in.id() + "_shuf" + j, shuffle.id());
        assertEquals(0.0, shuffle.label(0));
        assertEquals(dinucleotides(in.sequence()), dinucleotides(shuffle.sequence()));
        assertEquals(in.sequence().charAt(0), shuffle.sequence().charAt(0));
      }
    }
  }

  @Test
  void fastaShuffleIsSeededAndKeepsComposition() throws Exception {
    Path fasta = Files.writeString(dir.resolve("in.fa"), ">a\nACGTTGCAACGGTACCAGT\n>b\nGGGGCCCCAAAATTTTACGT\n");
    Path first = dir.resolve("first.fa");
    Path again = dir.resolve("again.fa");
    Path other = dir.resolve("other.fa");
    assertEquals(0, run("shuffle", "--input", fasta.toString(), "--out", first.toString(), "--kind", "mononucleotide", "--seed", "9"));
    assertEquals(0, run("shuffle", "--input", fasta.toString(), "--out", again.toString(), "--kind", "mononucleotide", "--seed", "9"));
    assertEquals(0, run("shuffle", "--input", fasta.toString(), "--out", other.toString(), "--kind", "mononucleotide", "--seed", "10"));
    assertEquals(Files.readString(first), Files.readString(again));
    assertNotEquals(Files.readString(first), Files.readString(other));
    List<FastaRecord> records = FastaReader.readAll(first);
    assertEquals(List.of("a_shuf1", "b_shuf1"), records.stream().map(FastaRecord::name).toList());
    assertEquals(sorted("ACGTTGCAACGGTACCAGT"), sorted(records.get(0).sequence()));
  }

  @Test
  void badRecordHalfWayLeavesNoOutputAndNamesTheLine() throws Exception {
    Path fasta = Files.writeString(dir.resolve("bad.fa"), ">a\nACGT\n>b\nACXT\n");
    Path out = dir.resolve("out.fa");
    assertEquals(OneLineErrors.BAD_INPUT, run("shuffle", "--input", fasta.toString(), "--out", out.toString()));
    String message = err.toString().strip();
    assertTrue(message.startsWith("shuffle: " + fasta + ":4:"), message);
    assertEquals(1, message.lines().count(), message);
    assertFalse(Files.exists(out));
    try (var files = Files.list(dir)) {
      assertEquals(List.of("bad.fa"), files.map(p -> p.getFileName().toString()).toList());
    }
  }

  @Test
  void formatMismatchAndUnknownMotifAreOneLineErrors() {
    assertEquals(OneLineErrors.BAD_INPUT, run("shuffle", "--input", "x.seq", "--out", dir.resolve("y.fa").toString()));
    assertEquals(OneLineErrors.BAD_INPUT, run("simulate", "--out", dir.toString(), "--motif", "NOPE"));
    assertEquals(OneLineErrors.BAD_INPUT, run("simulate", "--count", "3"));
    assertEquals(List.of(
            "shuffle: --out " + dir.resolve("y.fa") + " must have the input's format (.seq or .seq.gz)",
            "simulate: unknown motif 'NOPE'; known motifs: CTCF, GATA1, TAL1, FOXA1, ELK1",
            "simulate: Missing required option: '--out=<out>' (see 'seqbind simulate --help')"),
        err.toString().lines().toList());
  }

  @Test
  void everyCommandHasHelp() {
    for (String command : List.of("simulate", "shuffle", "train", "evaluate", "score", "variants", "mutmap", "motifs",
        "serve")) {
      StringWriter out = new StringWriter();
      CommandLine cmd = SeqbindCommand.commandLine();
      cmd.setOut(new PrintWriter(out, true));
      assertEquals(0, cmd.execute(command, "--help"));
      assertTrue(out.toString().contains("Usage: seqbind " + command), out.toString());
    }
  }

  @Test
  void trainHelpEndsWithTheDefaultSearchSpaceAsSearchSpaceReadsIt() {
    StringWriter out = new StringWriter();
    CommandLine cmd = SeqbindCommand.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    assertEquals(0, cmd.execute("train", "--help"));
    String help = out.toString();
    String marker = "--search-space takes this format):" + System.lineSeparator();
    assertTrue(help.contains(marker), help);
    String json = help.substring(help.indexOf(marker) + marker.length());
    SearchSpace expected = SearchSpace.defaultFor(Presets.byName("deepbind"));
    assertEquals(expected.toJson(), SearchSpace.fromJson(json, "train --help").toJson());
  }

  private static Map<String, Integer> dinucleotides(String s) {
    Map<String, Integer> counts = new TreeMap<>();
    for (int i = 0; i + 1 < s.length(); i++) {
      counts.merge(s.substring(i, i + 2), 1, Integer::sum);
    }
    return counts;
  }

  private static String sorted(String s) {
    char[] c = s.toCharArray();
    java.util.Arrays.sort(c);
    return new String(c);
  }
}
