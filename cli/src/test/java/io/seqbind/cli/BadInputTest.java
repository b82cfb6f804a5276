package io.seqbind.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * What a careless or hostile user's input does to the CLI (the reliability issue's cases, by kind): each
 * ends in one line naming the option, file or record and what was expected, exit code 2, and nothing
 * written; none runs out of heap or reaches a stack trace.
 */
class BadInputTest {

  @TempDir static Path dir;
  private static Path model;

  private final StringWriter err = new StringWriter();

  /** The Galaxy tools' small demo model, copied so that nothing here can touch the repository's copy. */
  @BeforeAll
  static void copyModel() throws IOException {
    model = Files.createDirectories(dir.resolve("model"));
    for (String file : List.of("model.onnx", "manifest.json")) {
      Files.copy(Path.of("..", "galaxy", "test-data", file), model.resolve(file));
    }
  }

  private int run(String... args) {
    CommandLine cmd = SeqbindCommand.commandLine();
    cmd.setErr(new PrintWriter(err, true));
    return cmd.execute(args);
  }

  private String store() {
    return dir.resolve("store").toString();
  }

  private void assertBadInput(String expectedLine, String... args) {
    err.getBuffer().setLength(0);
    int code = run(args);
    assertEquals(expectedLine, err.toString().strip());
    assertEquals(OneLineErrors.BAD_INPUT, code, err.toString());
  }

  private static List<Path> listing(Path parent) throws IOException {
    try (Stream<Path> files = Files.list(parent)) {
      return files.sorted().toList();
    }
  }

  // ---- options checked before any work ----

  @Test
  void enumOptionsNameTheValuesThatWork() {
    assertBadInput("train: --device 'tpu', expected one of auto, gpu, opencl, java",
        "train", "--input", "x.seq", "--device", "tpu", "--store", store());
    assertBadInput("variants: --strand 'sideways', expected one of model, both", "variants", "--model", "m",
        "--vcf", "v.vcf", "--genome", "g.fa", "--out", dir.resolve("e.tsv").toString(), "--strand", "sideways");
  }

  @Test
  void sizesThatWouldExhaustTheHeapAreRefusedUpFront() {
    assertBadInput("simulate: --length must be at most 100000 bp, got 2000000000",
        "simulate", "--out", dir.resolve("sim").toString(), "--length", "2000000000");
    assertFalse(Files.exists(dir.resolve("sim")));
    assertBadInput("shuffle: --per-sequence must be 1..1000, got 2000000000", "shuffle", "--input", "in.fa",
        "--out", "out.fa", "--per-sequence", "2000000000");
  }

  @Test
  void shuffleRefusesToWriteOverItsInput() throws IOException {
    Path fasta = Files.writeString(dir.resolve("keep.fa"), ">a\nACGTACGT\n");
    assertBadInput("shuffle: --out " + fasta + " is the --input file, expected another file (the input is read while"
        + " the output is written)", "shuffle", "--input", fasta.toString(), "--out", fasta.toString());
    assertEquals(">a\nACGTACGT\n", Files.readString(fasta));
  }

  @Test
  void anOutputThatCannotBeCreatedFailsBeforeTraining() {
    assertBadInput("train: --out /proc/seqbind-model: cannot create files in /proc, expected a writable directory",
        "train", "--input", "x.seq", "--out", "/proc/seqbind-model", "--store", store());
  }

  @Test
  void serveRefusesAStoreThatIsAFile() throws IOException {
    Path file = Files.writeString(dir.resolve("store-file"), "");
    assertBadInput("serve: --store " + file + ": not a directory, expected a directory (created when missing)",
        "serve", "--store", file.toString(), "--port", "0");
  }

  // ---- files ----

  @Test
  void aDirectoryIsNotAnInputFile() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("folder.fa"));
    assertBadInput("score: " + folder + ": is a directory, expected a file", "score", "--model", model.toString(),
        "--input", folder.toString(), "--store", store());
    assertBadInput("variants: " + folder + ": is a directory, expected a reference FASTA file",
        "variants", "--model", model.toString(), "--vcf", Path.of("..", "galaxy", "test-data", "variants.vcf")
            .toAbsolutePath().toString(), "--genome", folder.toString(), "--out", dir.resolve("fx.tsv").toString(),
        "--store", store());
  }

  @Test
  void aPlainGzipGenomeIsNamedAsSuch() throws IOException {
    Path genome = dir.resolve("genome.fa");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(genome))) {
      out.write(Files.readAllBytes(Path.of("..", "galaxy", "test-data", "genome.fa")));
    }
    Files.writeString(dir.resolve("genome.fa.fai"), "chr1\t1000\t6\t60\t61\n");
    err.getBuffer().setLength(0);
    assertEquals(OneLineErrors.BAD_INPUT, run("mutmap", "--model", model.toString(), "--region", "chr1:1-101",
        "--genome", genome.toString(), "--out", dir.resolve("maps-gz").toString(), "--store", store()));
    assertTrue(err.toString().contains(genome + ": gzip-compressed, not bgzip (block) compressed, expected a"
        + " reference compressed with 'bgzip'"), err.toString());
  }

  @Test
  void scoringAnEmptyFastaIsAnErrorAndWritesNothing() throws IOException {
    Path empty = Files.writeString(dir.resolve("empty.fa"), "");
    Path out = dir.resolve("scores.tsv");
    assertBadInput("score: " + empty + ": no sequences, expected at least one record", "score", "--model",
        model.toString(), "--input", empty.toString(), "--out", out.toString(), "--store", store());
    assertFalse(Files.exists(out));
  }

  // ---- partial output ----

  @Test
  void aFailingMutmapLeavesNoOutputDirectory() throws IOException {
    Path fasta = Files.writeString(dir.resolve("dups.fa"), ">same\n" + "ACGT".repeat(30) + "\n>other\n"
        + "ACGT".repeat(30) + "\n>same\n" + "TTGCA".repeat(24) + "\n");
    Path out = dir.resolve("maps");
    assertBadInput("mutmap: " + fasta + ":5: sequence 'same' would be written to the same files (same.*) as the one"
        + " at " + fasta + ":1, expected unique names", "mutmap", "--model", model.toString(), "--input",
        fasta.toString(), "--out", out.toString(), "--store", store());
    assertFalse(Files.exists(out), "no --out directory after a failure");
    assertTrue(listing(dir).stream().noneMatch(p -> p.getFileName().toString().startsWith(".maps")),
        "no temporary directory either: " + listing(dir));
  }

  @Test
  void aFailingMotifsRunLeavesNoOutputDirectory() throws IOException {
    Path fasta = Files.writeString(dir.resolve("short.fa"), ">tiny\nACG\n");
    Path out = dir.resolve("motifs");
    err.getBuffer().setLength(0);
    assertEquals(OneLineErrors.BAD_INPUT, run("motifs", "--model", model.toString(), "--input", fasta.toString(),
        "--out", out.toString(), "--store", store()), err.toString());
    assertFalse(Files.exists(out), "no --out directory after a failure");
  }
}
