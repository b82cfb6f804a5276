package io.seqbind.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** simulate -> train -> evaluate through the CLI, as the README's main command runs it. */
class TrainEvaluateTest {

  @TempDir Path dir;

  @Test
  void trainsOnSimulatedPeaksAndEvaluatesOnHeldOutSet() throws Exception {
    Path demo = dir.resolve("demo");
    assertEquals(0, run("simulate", "--out", demo.toString(), "--count", "300", "--seed", "11").code);
    Path model = dir.resolve("model");
    Result train = run("train", "--input", demo.resolve("train.seq.gz").toString(), "--out", model.toString(),
        "--device", "java", "--max-steps", "400", "--seed", "3", "--l2", "1e-6", "--decay-start", "100",
        "--clip-norm", "5");
    assertEquals(0, train.code, train.err);
    assertTrue(train.out.contains("device: Java thread pool"), train.out);

    JsonNode manifest = new ObjectMapper().readTree(model.resolve("manifest.json").toFile());
    assertEquals("deepbind", manifest.path("name").asText());
    assertEquals("binary", manifest.path("taskType").asText());
    assertEquals(101, manifest.path("sequenceLength").asInt());
    assertEquals(3, manifest.path("hyperparameters").path("seed").asLong());
    assertEquals(1e-6, manifest.path("hyperparameters").path("l2").asDouble());
    assertEquals(100, manifest.path("hyperparameters").path("decayStartStep").asInt());
    assertEquals(5.0, manifest.path("hyperparameters").path("clipNorm").asDouble());
    assertTrue(manifest.path("device").asText().startsWith("Java thread pool"));
    assertEquals(64, manifest.path("trainingData").path("sha256").asText().length());

    Result evaluate = run("evaluate", "--model", model.toString(), "--input", demo.resolve("test.seq.gz").toString());
    assertEquals(0, evaluate.code, evaluate.err);
    Matcher m = Pattern.compile("^auc=([0-9.]+) ap=([0-9.]+) n=120$").matcher(evaluate.out.strip());
    assertTrue(m.matches(), evaluate.out);
    assertTrue(Double.parseDouble(m.group(1)) >= 0.95, "held-out AUC " + m.group(1));
  }

  @Test
  void refusesToOverwriteAModelBeforeReadingData() throws Exception {
    Path model = Files.createDirectories(dir.resolve("model"));
    Files.writeString(model.resolve("manifest.json"), "{}");
    Result r = run("train", "--input", dir.resolve("missing.seq").toString(), "--out", model.toString());
    assertEquals(OneLineErrors.BAD_INPUT, r.code);
    assertEquals("train: --out " + model + " already exists and is not empty", r.err.strip());
    assertEquals("{}", Files.readString(model.resolve("manifest.json")));
  }

  @Test
  void aDropoutRateOutsideItsRangeIsRefused() {
    Result r = run("train", "--input", "x.seq", "--out", dir.resolve("m").toString(), "--dropout", "1.5");
    assertEquals(OneLineErrors.BAD_INPUT, r.code);
    assertEquals("train: --dropout must be in [0, 1), got 1.5", r.err.strip());
  }

  @Test
  void unknownArchitectureListsThePresets() {
    Result r = run("train", "--input", "x.seq", "--out", dir.resolve("m").toString(), "--arch", "resnet");
    assertEquals(OneLineErrors.BAD_INPUT, r.code);
    assertTrue(r.err.startsWith("train: unknown preset 'resnet'; known presets: deepbind, "), r.err);
  }

  private record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    CommandLine cmd = SeqbindCommand.commandLine();
    StringWriter err = new StringWriter();
    cmd.setErr(new PrintWriter(err, true));
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      int code = cmd.execute(args);
      return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString());
    } finally {
      System.setOut(original);
    }
  }
}
