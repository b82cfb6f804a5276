package io.seqbind.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqbind.core.io.ReferenceGenome;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * Faults from outside: a signal in the middle of a command leaves none of its output, and a server that
 * stops answering (SIGSTOP) ends a client within its deadline with a message naming the call and endpoint.
 * Each runs the CLI or the server in its own JVM, as a user does.
 */
class FaultTest {

  @TempDir static Path dir;
  private static Path model;
  private static Path demo;
  private static Path bigVcf;

  @BeforeAll
  static void data() throws IOException {
    model = Files.createDirectories(dir.resolve("model"));
    for (String file : List.of("model.onnx", "manifest.json")) {
      Files.copy(Path.of("..", "galaxy", "test-data", file), model.resolve(file));
    }
    demo = dir.resolve("demo");
    assertEquals(0, SeqbindCommand.commandLine().execute("simulate", "--out", demo.toString(), "--seed", "4"));
    bigVcf = snvs(demo.resolve("genome.fa"), dir.resolve("big.vcf"), 100_000);
  }

  /** {@code count} SNVs at random positions, REF from the genome: enough work for seconds of scoring. */
  private static Path snvs(Path genomeFile, Path vcf, int count) throws IOException {
    try (ReferenceGenome genome = ReferenceGenome.open(genomeFile); Writer w = Files.newBufferedWriter(vcf)) {
      w.write("##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n");
      String contig = genome.contigNames().get(0);
      long length = genome.contigLength(contig);
      Random random = new Random(1);
      long[] positions = random.longs(count, 100, length - 100).sorted().toArray();
      for (int i = 0; i < count; i++) {
        String ref = genome.fetch(contig, positions[i] - 1, positions[i]).toUpperCase(); // 0-based, end exclusive
        String alt = ref.equals("A") ? "C" : "A";
        w.write(contig + "\t" + positions[i] + "\tv" + i + "\t" + ref + "\t" + alt + "\t.\tPASS\t.\n");
      }
    }
    return vcf;
  }

  /** The CLI in its own JVM (class path in CLASSPATH, as ServeProcess explains). */
  private static Process cli(Path log, String... args) throws IOException {
    return cli(log, dir.resolve("tmp"), args);
  }

  /**
   * As {@link #cli(Path, String...)}, with {@code tmp} as the JVM's temporary directory (its scratch space).
   * {@code env --default-signal} first: a build started in the background of a non-interactive shell (nohup, a
   * CI runner's {@code &}) inherits SIGINT ignored, a JVM started so keeps ignoring it, and the SIGINT cases
   * would find a command that simply ran to its end.
   */
  private static Process cli(Path log, Path tmp, String... args) throws IOException {
    Files.createDirectories(tmp);
    List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT,TERM",
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Djava.io.tmpdir=" + tmp, SeqbindCommand.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("CLASSPATH", System.getProperty("java.class.path"));
    return builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private static void signal(Process process, String signal) throws Exception {
    assertEquals(0, new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).start().waitFor());
  }

  private static List<Path> listing(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.toList();
    }
  }

  /** Waits until a temporary output appears in {@code folder}: the command is writing. */
  private static void awaitWriting(Process process, Path folder, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (listing(folder).stream().anyMatch(p -> p.getFileName().toString().startsWith("."))) {
        return;
      }
      assertTrue(process.isAlive(), "ended before writing: " + Files.readString(log));
      Thread.sleep(50);
    }
    throw new AssertionError("no temporary output in " + folder + " within 120 s");
  }

  @ParameterizedTest(name = "SIG{0}")
  @ValueSource(strings = {"TERM", "INT"})
  void aSignalDuringVariantsLeavesNothing(String signal) throws Exception {
    Path out = Files.createDirectories(dir.resolve("effects-" + signal));
    Path log = dir.resolve("variants-" + signal + ".log");
    Process variants = cli(log, "variants", "--model", model.toString(), "--vcf", bigVcf.toString(), "--genome",
        demo.resolve("genome.fa").toString(), "--out", out.resolve("effects.vcf.gz").toString(), "--store",
        dir.resolve("store").toString());
    awaitWriting(variants, out, log);
    Thread.sleep(300);
    signal(variants, signal);
    assertTrue(variants.waitFor(60, TimeUnit.SECONDS), "variants did not stop after SIG" + signal);
    assertEquals(List.of(), listing(out), "left behind after SIG" + signal + "; log: " + Files.readString(log));
  }

  @Test
  void aSignalDuringMutmapLeavesNoOutputDirectory() throws Exception {
    Path log = dir.resolve("mutmap.log");
    Path out = dir.resolve("maps");
    Process mutmap = cli(log, "mutmap", "--model", model.toString(), "--vcf", bigVcf.toString(), "--genome",
        demo.resolve("genome.fa").toString(), "--limit", "100000", "--out", out.toString(), "--store",
        dir.resolve("store").toString());
    awaitWriting(mutmap, dir, log);
    Thread.sleep(300);
    signal(mutmap, "TERM");
    assertTrue(mutmap.waitFor(60, TimeUnit.SECONDS), "mutmap did not stop after SIGTERM");
    assertFalse(Files.exists(out), "--out after SIGTERM; log: " + Files.readString(log));
    assertTrue(listing(dir).stream().noneMatch(p -> p.getFileName().toString().startsWith(".maps")),
        "a temporary directory after SIGTERM: " + listing(dir));
  }

  /**
   * {@code train --out} interrupted while it trains: no --out, no temporary directory beside it, no bundle in
   * the store and no job files left in the temporary directory (the in-process services' scratch space).
   */
  @ParameterizedTest(name = "SIG{0}")
  @ValueSource(strings = {"TERM", "INT"})
  void aSignalDuringTrainLeavesNothing(String signal) throws Exception {
    Path work = Files.createDirectories(dir.resolve("train-" + signal));
    Path log = work.resolve("train.log");
    Path tmp = work.resolve("tmp");
    Path out = work.resolve("model");
    Process train = cli(log, tmp, "train", "--input", demo.resolve("train.seq.gz").toString(), "--max-steps",
        "100000", "--device", "java", "--out", out.toString(), "--store", work.resolve("store").toString());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!Files.readString(log).contains("step")) { // training has begun
      assertTrue(train.isAlive() && System.nanoTime() < deadline, "no training progress: " + Files.readString(log));
      Thread.sleep(100);
    }
    signal(train, signal);
    assertTrue(train.waitFor(60, TimeUnit.SECONDS), "train did not stop after SIG" + signal);
    assertEquals(List.of(log, tmp, work.resolve("store")).stream().filter(Files::exists).sorted().toList(),
        listing(work).stream().sorted().toList(), "left behind after SIG" + signal + ": " + listing(work));
    assertEquals(List.of(), listing(tmp).stream().filter(p -> p.getFileName().toString().startsWith("seqbind"))
        .toList(), "scratch left after SIG" + signal);
    try (Stream<Path> bundles = Files.walk(work.resolve("store"))) {
      assertEquals(List.of(), bundles.filter(p -> p.getFileName().toString().equals("manifest.json")).toList());
    } catch (java.nio.file.NoSuchFileException noStore) {
      // nothing stored at all
    }
  }

  /**
   * A model store on a full file system: the job fails naming the file system's reason (not a path), leaves
   * no bundle and no temporary directory, and the next job after space is freed succeeds. A small tmpfs is
   * the full disk, so this needs root (as CI and test.sh run).
   */
  @Test
  void aFullStoreFailsCleanlyAndTheNextJobSucceeds() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
        "mounting a tmpfs needs root");
    Path store = Files.createDirectories(dir.resolve("full-store"));
    assertEquals(0, new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", store.toString())
        .inheritIO().start().waitFor());
    try {
      Path filler = store.resolve("filler");
      try (var out = Files.newOutputStream(filler)) {
        byte[] block = new byte[1 << 16];
        for (long free = Files.getFileStore(store).getUsableSpace(); free > 8192; free -= block.length) {
          out.write(block, 0, (int) Math.min(block.length, free - 8192));
        }
      }
      String[] train = {"train", "--input", demo.resolve("train.seq.gz").toString(), "--device", "java",
          "--max-steps", "20", "--store", store.toString(), "--name", "full", "--model-version", "1"};
      StringWriter err = new StringWriter();
      CommandLine cmd = SeqbindCommand.commandLine();
      cmd.setErr(new PrintWriter(err, true));
      assertEquals(OneLineErrors.FAILURE, cmd.execute(train), err.toString());
      assertTrue(err.toString().contains("No space left on device (reference "), err.toString());
      assertFalse(err.toString().contains(store.toString()), "the store's path reached the client: " + err);
      assertEquals(List.of(filler), listing(store), "a bundle or temporary directory was left");

      Files.delete(filler);
      assertEquals(0, SeqbindCommand.commandLine().execute(train));
      assertTrue(Files.isRegularFile(store.resolve("full").resolve("1").resolve("model.onnx")));
    } finally {
      new ProcessBuilder("umount", store.toString()).inheritIO().start().waitFor();
    }
  }

  @Test
  void aPausedServerEndsTheClientWithinItsDeadlineNamingTheCall() throws Exception {
    int port = ServeProcess.freePort();
    Process server = ServeProcess.start(Files.createDirectories(dir.resolve("server")), port);
    try {
      ServeProcess.awaitListening(server, port);
      signal(server, "STOP");
      Path fasta = Files.writeString(dir.resolve("one.fa"), ">s\n" + "ACGT".repeat(30) + "\n");
      StringWriter err = new StringWriter();
      CommandLine cmd = SeqbindCommand.commandLine();
      cmd.setErr(new PrintWriter(err, true));
      long started = System.nanoTime();
      int code = cmd.execute("score", "--endpoint", "localhost:" + port, "--timeout", "3", "--model", "0".repeat(64),
          "--input", fasta.toString());
      long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
      assertEquals(OneLineErrors.FAILURE, code, err.toString());
      assertTrue(err.toString().startsWith("score: error: DEADLINE_EXCEEDED: seqbind.v1.ScorerService/Score at"
          + " localhost:" + port + " did not answer within 3 s (--timeout)"), err.toString());
      assertTrue(seconds < 30, "took " + seconds + " s");
    } finally {
      signal(server, "CONT");
      server.destroy();
      server.waitFor(30, TimeUnit.SECONDS);
    }
  }
}
