package io.seqbind.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqbind.core.bundle.ModelBundle;
import io.seqbind.core.bundle.ModelStore;
import io.seqbind.core.testing.SystemPython;
import io.seqbind.proto.v1.FileDigest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * clients/python/seqbind_client.py against a real {@code seqbind serve}: it uploads a training set (sizes
 * and sha256 checked by the server), waits for the model, and scores FASTA with it; the scores must equal
 * what the Java CLI's {@code score} gets from the same server, and its errors must name the gRPC status.
 * Skipped only when /usr/bin/python3 lacks grpc_tools (test.sh installs python3-grpc-tools as root).
 */
class PythonClientTest {

  @TempDir Path dir;

  @Test
  void thePythonClientTrainsByUploadAndScores() throws Exception {
    Assumptions.assumeTrue(SystemPython.canImport("grpc, grpc_tools.protoc"),
        "/usr/bin/python3 has no grpc_tools (apt-get install python3-grpc-tools)");
    Path demo = dir.resolve("demo");
    assertEquals(0, SeqbindCommand.commandLine().execute("simulate", "--out", demo.toString(), "--count", "200",
        "--seed", "4"));
    int port = ServeProcess.freePort();
    Process server = ServeProcess.start(dir, port);
    try {
      ServeProcess.awaitListening(server, port);
      String endpoint = "localhost:" + port;
      SystemPython.Run train = client(endpoint, "train", "--input", demo.resolve("train.seq.gz").toString(),
          "--test", demo.resolve("test.seq.gz").toString(), "--name", "py", "--version", "1", "--calibrate", "2",
          "--ensemble", "2", "--seed", "3", "--max-steps", "400", "--device", "java", "--upload");
      assertEquals(0, train.exit(), train.output());
      String modelId = train.stdout().strip();
      assertTrue(modelId.matches("[0-9a-f]{64}"), train.output());
      assertTrue(train.stderr().contains("done 100%"), train.stderr());

      // What the server stored: this model, trained on exactly the bytes of the local file.
      ModelBundle bundle = new ModelStore(dir.resolve("store")).get(modelId);
      assertEquals("py", bundle.info().getName().getName());
      byte[] data = Files.readAllBytes(demo.resolve("train.seq.gz"));
      String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
      FileDigest trained = bundle.info().getTrainingData().getFiles(0);
      assertEquals(sha, trained.getSha256(), trained.toString());
      assertEquals(data.length, trained.getSizeBytes());

      Path pyScores = dir.resolve("py.tsv");
      SystemPython.Run score = client(endpoint, "score", "--model", "py:1", "--input",
          demo.resolve("test.fa").toString(), "--out", pyScores.toString());
      assertEquals(0, score.exit(), score.output());
      Path javaScores = dir.resolve("java.tsv");
      assertEquals(0, SeqbindCommand.commandLine().execute("score", "--endpoint", endpoint, "--model", modelId,
          "--input", demo.resolve("test.fa").toString(), "--out", javaScores.toString()));
      List<String> py = Files.readAllLines(pyScores);
      List<String> java = Files.readAllLines(javaScores);
      assertEquals(java.size(), py.size());
      assertEquals(java.get(0), py.get(0)); // id and task columns
      assertTrue(py.size() > 30, "rows: " + py.size());
      for (int i = 1; i < py.size(); i++) {
        String[] p = py.get(i).split("\t");
        String[] j = java.get(i).split("\t");
        assertEquals(j[0], p[0]);
        assertEquals(Float.parseFloat(j[1]), Float.parseFloat(p[1]), 0f, "row " + i); // the same float32
      }

      // Variant effects with each strand's, against the Java CLI's through the same server.
      Path pyEffects = dir.resolve("py-effects.tsv");
      SystemPython.Run variants = client(endpoint, "variants", "--model", modelId, "--vcf",
          demo.resolve("variants.vcf").toString(), "--genome", demo.resolve("genome.fa").toString(), "--both-strands",
          "--out", pyEffects.toString());
      assertEquals(0, variants.exit(), variants.output());
      Path javaEffects = dir.resolve("java-effects.tsv");
      assertEquals(0, SeqbindCommand.commandLine().execute("variants", "--endpoint", endpoint, "--model", modelId,
          "--vcf", demo.resolve("variants.vcf").toString(), "--genome", demo.resolve("genome.fa").toString(),
          "--strand", "both", "--out", javaEffects.toString()));
      Map<String, Map<String, String>> javaRows = byIndex(Files.readAllLines(javaEffects));
      Map<String, Map<String, String>> pyRows = byIndex(Files.readAllLines(pyEffects));
      assertTrue(pyRows.size() > 20, "effect rows: " + pyRows.size());
      assertEquals(javaRows.keySet(), pyRows.keySet());
      boolean strandsDiffer = false;
      for (String index : pyRows.keySet()) {
        Map<String, String> p = pyRows.get(index);
        Map<String, String> j = javaRows.get(index);
        for (String column : List.of("chrom", "pos", "ref", "alt", "task")) {
          assertEquals(j.get(column), p.get(column), column + " of " + index);
        }
        for (String column : List.of("ref_score", "alt_score", "delta", "fwd_ref_score", "fwd_alt_score",
            "fwd_delta", "rev_ref_score", "rev_alt_score", "rev_delta")) {
          assertEquals(Float.parseFloat(j.get(column)), Float.parseFloat(p.get(column)), 0f, column + " of " + index);
        }
        strandsDiffer |= !p.get("fwd_ref_score").equals(p.get("rev_ref_score"));
      }
      assertTrue(strandsDiffer, "each strand's scores, not the combined score twice");
      assertTrue(variants.stderr().contains("variants: records="), variants.stderr());

      SystemPython.Run models = client(endpoint, "models");
      assertEquals(modelId + "\tpy:1", models.stdout().strip());

      // Bad input: a status and the server's words, exit 1, nothing on stdout.
      Path notWritten = dir.resolve("never.tsv");
      SystemPython.Run unknown = client(endpoint, "score", "--model", "nope", "--input",
          demo.resolve("test.fa").toString(), "--out", notWritten.toString());
      assertEquals(1, unknown.exit());
      assertTrue(unknown.stderr().startsWith("seqbind-client: NOT_FOUND: no model named nope"), unknown.stderr());
      assertEquals("", unknown.stdout());
      assertTrue(Files.notExists(notWritten) && Files.notExists(dir.resolve("never.tsv.tmp")),
          "a failed run leaves no output behind");
      Path missing = dir.resolve("missing.seq.gz");
      SystemPython.Run absent = client(endpoint, "train", "--input", missing.toString(), "--name", "q");
      assertEquals(1, absent.exit());
      assertTrue(absent.stderr().startsWith("seqbind-client: NOT_FOUND: " + missing), absent.stderr());
      Path shortSeqs = Files.writeString(dir.resolve("short.fa"), ">a\nACGT\n>b\nACGTACGTACGTACGTACGTACGTACGT\n");
      SystemPython.Run tooShort = client(endpoint, "score", "--model", "py", "--input", shortSeqs.toString());
      assertEquals(0, tooShort.exit(), tooShort.output()); // per-sequence problems are rows of NaN, not failures
      assertTrue(tooShort.stdout().contains("\na\tnan\n"), tooShort.stdout());
      assertTrue(tooShort.stderr().contains("a (#0): sequence at index 0 ('a'): 4 bases"), tooShort.stderr());
    } finally {
      server.destroy();
      server.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void thePythonClientSendsItsTokenAndTrustsOnlyTheGivenCa() throws Exception {
    Assumptions.assumeTrue(SystemPython.canImport("grpc, grpc_tools.protoc"),
        "/usr/bin/python3 has no grpc_tools (apt-get install python3-grpc-tools)");
    new TestCertificates(dir).ca("ca").ca("other-ca").issue("ca", "server");
    String token = "py-token-0123456789abcdef";
    String scoreOnly = "py-score-token-0123456789";
    Path tokens = Files.writeString(dir.resolve("tokens"), token + " py score,train\n" + scoreOnly + " ro score\n");
    int port = ServeProcess.freePort();
    Process server = ServeProcess.start(dir, port, "--auth-tokens", tokens.toString(), "--tls-cert",
        dir.resolve("server.pem").toString(), "--tls-key", dir.resolve("server.key").toString());
    try {
      ServeProcess.awaitListening(server, port);
      String endpoint = "localhost:" + port;
      String ca = dir.resolve("ca.pem").toString();
      SystemPython.Run noToken = client(endpoint, Map.of(), "--tls-ca", ca, "models");
      assertEquals(1, noToken.exit(), noToken.output());
      assertEquals("seqbind-client: UNAUTHENTICATED: no bearer token: send 'authorization: Bearer <token>' (seqbind"
          + " --token or SEQBIND_TOKEN)", noToken.stderr().strip());
      SystemPython.Run wrongToken = client(endpoint, Map.of("SEQBIND_TOKEN", token + "x"), "--tls-ca", ca, "models");
      assertEquals("seqbind-client: UNAUTHENTICATED: unknown bearer token", wrongToken.stderr().strip());
      SystemPython.Run otherCa = client(endpoint, Map.of("SEQBIND_TOKEN", token), "--tls-ca",
          dir.resolve("other-ca.pem").toString(), "models");
      assertEquals(1, otherCa.exit(), otherCa.output());
      // (gRPC's C core logs the handshake failure first; the client's own line is the last)
      assertTrue(lastLine(otherCa.stderr()).startsWith("seqbind-client: UNAVAILABLE: "), otherCa.stderr());
      SystemPython.Run plaintext = client(endpoint, Map.of("SEQBIND_TOKEN", token), "models");
      assertEquals(1, plaintext.exit(), plaintext.output());
      assertTrue(lastLine(plaintext.stderr()).startsWith("seqbind-client: UNAVAILABLE: "), plaintext.stderr());

      // The token from the environment or a file (never on the command line), the CA from the environment.
      SystemPython.Run fromEnvironment = client(endpoint, Map.of("SEQBIND_TOKEN", token, "SEQBIND_TLS_CA", ca),
          "models");
      assertEquals(0, fromEnvironment.exit(), fromEnvironment.output());
      assertEquals("", fromEnvironment.stdout()); // an empty store
      SystemPython.Run denied = client(endpoint, Map.of("SEQBIND_TOKEN", scoreOnly, "SEQBIND_TLS_CA", ca), "models");
      assertEquals(1, denied.exit(), denied.output());
      assertEquals("seqbind-client: PERMISSION_DENIED: ro may not call seqbind.v1.TrainerService/ListModels, which"
          + " needs the train role", denied.stderr().strip());
      Path tokenFile = Files.writeString(dir.resolve("token.txt"), token + "\n");
      SystemPython.Run fromFile = client(endpoint, Map.of(), "--tls-ca", ca, "--token-file", tokenFile.toString(),
          "score", "--model", "none", "--input", Files.writeString(dir.resolve("one.fa"), ">a\nACGT\n").toString());
      assertEquals(1, fromFile.exit(), fromFile.output());
      assertTrue(fromFile.stderr().startsWith("seqbind-client: NOT_FOUND: no model named none"), fromFile.stderr());
    } finally {
      server.destroy();
      server.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static String lastLine(String text) {
    List<String> lines = text.strip().lines().toList();
    return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
  }

  /** Scored TSV rows by index, alt allele and task, each as column name to value. */
  private static Map<String, Map<String, String>> byIndex(List<String> lines) {
    String[] header = lines.get(0).split("\t");
    Map<String, Map<String, String>> rows = new java.util.TreeMap<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] fields = line.split("\t", -1);
      Map<String, String> row = new java.util.HashMap<>();
      for (int c = 0; c < header.length; c++) {
        row.put(header[c], fields[c]);
      }
      if (!row.get("ref_score").isEmpty()) { // the Java CLI also lists skipped records, with empty scores
        rows.put(row.get("index") + "/" + row.get("alt") + "/" + row.get("task"), row);
      }
    }
    return rows;
  }

  private SystemPython.Run client(String endpoint, String... args) throws Exception {
    return client(endpoint, Map.of(), args);
  }

  private SystemPython.Run client(String endpoint, Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        SystemPython.repositoryRoot().resolve("clients/python/seqbind_client.py").toString(), "--endpoint", endpoint));
    command.addAll(List.of(args));
    Map<String, String> all = new java.util.HashMap<>(env);
    all.put("XDG_CACHE_HOME", dir.resolve("cache").toString());
    return SystemPython.run(command, null, all);
  }
}
