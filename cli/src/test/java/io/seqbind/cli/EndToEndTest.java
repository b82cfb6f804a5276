package io.seqbind.cli;

import static io.seqbind.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqbind.cli.CliRun.Result;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.seqbind.core.bundle.ModelBundle;
import io.seqbind.core.bundle.ModelStore;
import io.seqbind.core.io.SeqTableReader;
import io.seqbind.proto.v1.ModelInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main job through the CLI, in-process services and a remote one: simulate, train with
 * calibration, evaluate, score, variant effects, mutation maps and motifs; and what bad input prints.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndToEndTest {

  @TempDir static Path dir;
  private Path demo;
  private Path store;
  private Path model;

  @BeforeAll
  void trainOnce() throws Exception {
    demo = dir.resolve("demo");
    store = dir.resolve("store");
    model = dir.resolve("model");
    assertEquals(0, run("simulate", "--out", demo.toString(), "--count", "300", "--seed", "11").code());
    Result train = run("train", "--input", demo.resolve("train.seq.gz").toString(), "--test",
        demo.resolve("test.seq.gz").toString(), "--device", "java", "--calibrate", "3", "--calibration-steps", "100",
        "--max-steps", "400", "--seed", "3", "--model-version", "1", "--store", store.toString(), "--out",
        model.toString());
    assertEquals(0, train.code(), train.err());
    assertTrue(train.out().contains("device: Java thread pool"), train.out());
    assertTrue(train.out().contains("calibration: 3 settings x 3 folds"), train.out());
  }

  @Test
  void trainWritesACheckedBundleWithCalibrationAndTestMetrics() throws Exception {
    ModelBundle bundle = ModelBundle.load(model);
    ModelInfo info = bundle.info();
    assertEquals("deepbind", info.getName().getName());
    assertEquals("1", info.getName().getVersion());
    assertEquals(3, info.getCalibration().getTrialsCount());
    assertEquals(3, info.getTraining().getSeed().getValue());
    assertEquals(64, info.getTrainingData().getFiles(0).getSha256().length());
    assertTrue(info.getTestMetrics().getOverall().getRocAuc().getValue() >= 0.95, info.getTestMetrics().toString());
    // The same bundle is in the store the in-process services used.
    assertEquals(bundle.id(), new ModelStore(store).get("deepbind:1").id());
  }

  @Test
  void evaluateThroughTheScorerMatchesTheTrainersTestMetrics() throws Exception {
    Result evaluate = run("evaluate", "--model", model.toString(), "--input", demo.resolve("test.seq.gz").toString(),
        "--store", store.toString());
    assertEquals(0, evaluate.code(), evaluate.err());
    Matcher m = Pattern.compile("^auc=([0-9.]+) ap=([0-9.]+) n=120$").matcher(evaluate.out().strip());
    assertTrue(m.matches(), evaluate.out());
    // ONNX Runtime (scorer) and the engine (trainer's test metrics) agree on the ranking.
    double trainerAuc = ModelBundle.load(model).info().getTestMetrics().getOverall().getRocAuc().getValue();
    assertEquals(trainerAuc, Double.parseDouble(m.group(1)), 1e-4);
  }

  @Test
  void scoreKeepsInputOrderAndRefusesABadSequenceByNumberAndId() throws Exception {
    Path scores = dir.resolve("scores.tsv");
    Result score = run("score", "--model", "deepbind:1", "--input", demo.resolve("test.fa").toString(), "--out",
        scores.toString(), "--store", store.toString());
    assertEquals(0, score.code(), score.err());
    List<String> lines = Files.readAllLines(scores);
    assertEquals("id\tBound", lines.get(0));
    List<String> ids = SeqTableReader.readAll(demo.resolve("test.seq.gz")).sequences().stream()
        .map(s -> s.id()).toList();
    assertEquals(ids, lines.stream().skip(1).map(l -> l.split("\t")[0]).toList());

    // The reader refuses a character outside the alphabet, naming file and line.
    Path bad = dir.resolve("bad.fa");
    Files.writeString(bad, ">ok\n" + "ACGT".repeat(30) + "\n>broken\n" + "ACGT".repeat(10) + "XACGT\n");
    Path none = dir.resolve("none.tsv");
    Result refused = run("score", "--model", "deepbind:1", "--input", bad.toString(), "--out", none.toString(),
        "--store", store.toString());
    assertEquals(OneLineErrors.BAD_INPUT, refused.code());
    assertTrue(refused.err().startsWith("score: " + bad + ":4: unexpected character 'X' at column 41 in record 'broken'"),
        refused.err());
    assertFalse(Files.exists(none), "nothing written on failure");
    // The scorer refuses a sequence shorter than the model's receptive field, by its number in the whole input.
    Path shortOne = dir.resolve("short.fa");
    Files.writeString(shortOne, ">ok\n" + "ACGT".repeat(30) + "\n>tiny\nACGTACGT\n");
    Result tooShort = run("score", "--model", "deepbind:1", "--input", shortOne.toString(), "--out", none.toString(),
        "--store", store.toString());
    assertEquals(OneLineErrors.BAD_INPUT, tooShort.code(), tooShort.err());
    assertTrue(tooShort.err().startsWith("score: " + shortOne + ": sequence 2 ('tiny'): "), tooShort.err());
    assertFalse(Files.exists(none), "nothing written on failure");

    Result unknown = run("score", "--model", "nosuchmodel", "--input", bad.toString(), "--store", store.toString());
    assertEquals(OneLineErrors.BAD_INPUT, unknown.code());
    assertTrue(unknown.err().contains("nosuchmodel"), unknown.err());
  }

  @Test
  void variantEffectsMutationMapsAndMotifs() throws Exception {
    Path effects = dir.resolve("effects.vcf.gz");
    Result variants = run("variants", "--model", "deepbind", "--vcf", demo.resolve("variants.vcf").toString(),
        "--genome", demo.resolve("genome.fa").toString(), "--out", effects.toString(), "--store", store.toString());
    assertEquals(0, variants.code(), variants.err());
    assertTrue(Files.size(effects) > 0);
    List<String> rows = Files.readAllLines(dir.resolve("effects.tsv"));
    List<String> header = List.of(rows.get(0).split("\t"));
    int scored = 0;
    for (String row : rows.subList(1, rows.size())) {
      String[] f = row.split("\t", -1);
      if (f[header.indexOf("status")].equals("scored")) {
        double ref = Double.parseDouble(f[header.indexOf("ref_score")]);
        double alt = Double.parseDouble(f[header.indexOf("alt_score")]);
        assertEquals(alt - ref, Double.parseDouble(f[header.indexOf("delta")]), 1e-5, row);
        scored++;
      }
    }
    assertTrue(scored > 10, "scored rows: " + scored);

    Path maps = dir.resolve("maps");
    Result mutmap = run("mutmap", "--model", "deepbind", "--vcf", demo.resolve("variants.vcf").toString(), "--genome",
        demo.resolve("genome.fa").toString(), "--limit", "2", "--out", maps.toString(), "--store", store.toString());
    assertEquals(0, mutmap.code(), mutmap.err());
    try (Stream<Path> files = Files.list(maps)) {
      assertEquals(6, files.count(), "svg, tsv and json for each of 2 maps");
    }
    Path tsv;
    try (Stream<Path> files = Files.list(maps)) {
      tsv = files.filter(p -> p.toString().endsWith(".tsv")).findFirst().orElseThrow();
    }
    assertEquals(2 + 101, Files.readAllLines(tsv).size(), "comment, header and one row per position");

    Path motifs = dir.resolve("motifs");
    Result extract = run("motifs", "--model", "deepbind", "--input", demo.resolve("train.fa").toString(), "--out",
        motifs.toString(), "--store", store.toString());
    assertEquals(0, extract.code(), extract.err());
    long motifCount = Files.readAllLines(motifs.resolve("motifs.meme")).stream().filter(l -> l.startsWith("MOTIF"))
        .count();
    // The calibrated job stored an ensemble of 5 deepbind models: one motif per filter of every member.
    assertEquals(5 * 16, motifCount, "one MEME motif per deepbind filter of each ensemble member");
  }

  @Test
  void remoteEndpointUploadsTheDataAndScoresByName() throws Exception {
    Path remoteStore = dir.resolve("remote-store");
    try (ServiceHost host = ServiceHost.start(new ModelStore(remoteStore), dir.resolve("remote-jobs"),
        new SimpleMeterRegistry())) {
      NettyServerBuilder builder = NettyServerBuilder.forPort(0);
      host.services().forEach(builder::addService);
      Server server = builder.build().start();
      try {
        String endpoint = "localhost:" + server.getPort();
        Result train = run("train", "--endpoint", endpoint, "--input", demo.resolve("train.seq.gz").toString(),
            "--device", "java", "--max-steps", "200", "--name", "remote", "--model-version", "7");
        assertEquals(0, train.code(), train.err());
        assertEquals("remote", new ModelStore(remoteStore).get("remote:7").info().getName().getName());

        Result score = run("score", "--endpoint", endpoint, "--model", "remote:7", "--input",
            demo.resolve("test.fa").toString());
        assertEquals(0, score.code(), score.err());
        assertEquals(1 + 120, score.out().lines().count());

        Result local = run("train", "--endpoint", endpoint, "--input", "x.seq", "--out", dir.resolve("o").toString());
        assertEquals(OneLineErrors.BAD_INPUT, local.code());
      } finally {
        server.shutdownNow();
      }
    }
  }

  @Test
  void badTrainingInputIsRefusedNamingFileAndLine() throws Exception {
    Path bad = dir.resolve("bad.seq");
    Files.writeString(bad, "FoldID\tEventID\tseq\tBound\nA\tp1\t" + "ACGT".repeat(25) + "A\t1\nA\tp2\tACGTZ\t0\n");
    Result r = run("train", "--input", bad.toString(), "--store", dir.resolve("s2").toString());
    assertEquals(OneLineErrors.BAD_INPUT, r.code());
    assertTrue(r.err().startsWith("train: INVALID_ARGUMENT: "), r.err());
    assertTrue(r.err().contains(bad + ":3: unexpected character 'Z' at position 5 of seq in record 'p2'"), r.err());
  }

  @Test
  void optionsAreCheckedBeforeAnyWork() throws Exception {
    Path out = Files.createDirectories(dir.resolve("taken"));
    Files.writeString(out.resolve("manifest.json"), "{}");
    Result taken = run("train", "--input", dir.resolve("missing.seq").toString(), "--out", out.toString());
    assertEquals(OneLineErrors.BAD_INPUT, taken.code());
    assertEquals("train: --out " + out + " already exists and is not empty", taken.err().strip());
    assertEquals("{}", Files.readString(out.resolve("manifest.json")));

    Result dropout = run("train", "--input", "x.seq", "--dropout", "1.5");
    assertEquals("train: --dropout must be in [0, 1), got 1.5", dropout.err().strip());
    Result arch = run("train", "--input", "x.seq", "--arch", "resnet");
    assertTrue(arch.err().startsWith("train: unknown preset 'resnet'; known presets: deepbind, "), arch.err());
    Result folds = run("train", "--input", "x.seq", "--folds", "5");
    assertEquals("train: --folds, --calibration-steps and --search-space need --calibrate N", folds.err().strip());
  }
}
