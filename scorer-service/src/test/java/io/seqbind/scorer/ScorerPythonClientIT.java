package io.seqbind.scorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.seqbind.core.testing.SystemPython;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Python client, with stubs generated from proto/ by Debian's grpc_tools, calls the packaged scorer with a
 * model exported by OnnxExport; its scores must equal the engine's forward pass (1e-5). Skipped
 * only when /usr/bin/python3 lacks grpc_tools (test.sh installs python3-grpc-tools when it runs as root).
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = ScorerStoreResource.class, restrictToAnnotatedClass = true)
class ScorerPythonClientIT {

  @TempDir
  Path tmp;

  private JsonNode runClient(List<String> sequences) throws Exception {
    Path seqs = tmp.resolve("seqs.txt");
    Files.write(seqs, sequences);
    SystemPython.Run run = SystemPython.run(List.of(Path.of("src/test/python/score_client.py").toString(),
        "localhost:8182", ScorerStoreResource.model.bundle().id(), seqs.toString()), null,
        Map.of("XDG_CACHE_HOME", tmp.resolve("cache").toString()));
    assertEquals(0, run.exit(), "python client failed: " + run.output());
    // Python's json writes NaN rows as NaN.
    return JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build().readTree(run.stdout());
  }

  @Test
  void aPythonClientGeneratedFromTheProtosTalksToTheService() throws Exception {
    Assumptions.assumeTrue(SystemPython.canImport("grpc, grpc_tools.protoc"),
        "/usr/bin/python3 has no grpc_tools (apt-get install python3-grpc-tools)");
    OnnxModels.Exported model = ScorerStoreResource.model;
    SplittableRandom random = new SplittableRandom(3);
    List<String> seqs = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      seqs.add(OnnxModels.random(random, i % 2 == 0 ? 101 : 40));
    }
    seqs.add("ACGT"); // shorter than deepbind's 24-wide filters: an ItemError, NaN row
    JsonNode report = runClient(seqs);
    assertEquals("EXECUTION_PROVIDER_CPU", report.get("provider").asText());
    assertEquals(1024, report.get("max_batch_size").asInt());
    assertEquals(model.bundle().id(), report.get("listed").get(0).asText());
    assertEquals("NOT_FOUND", report.get("unknown_model").asText());

    JsonNode score = report.get("score");
    assertEquals(model.bundle().id(), score.path("model_id").asText(), score.toString());
    assertEquals(9, score.get("rows").asInt());
    assertEquals(2, score.get("columns").asInt());
    assertEquals("[[8,\"ERROR_REASON_TOO_SHORT\"]]", score.get("errors").toString());
    for (int i = 0; i < 8; i++) {
      float[] forward = model.engine(seqs.get(i));
      float[] reverse = model.engine(OnnxModels.reverseComplement(seqs.get(i)));
      for (int t = 0; t < 2; t++) {
        assertClose(forward[t], score.get("scores").get(i * 2 + t).asDouble(), "scores " + i);
        assertClose(forward[t], score.get("forward").get(i * 2 + t).asDouble(), "forward " + i);
        assertClose(reverse[t], score.get("reverse").get(i * 2 + t).asDouble(), "reverse " + i);
      }
    }
    assertTrue(Double.isNaN(score.get("scores").get(16).asDouble()), "the short sequence's row is NaN");

    JsonNode stream = report.get("stream");
    assertEquals(3, stream.size(), stream.toString()); // 9 sequences in chunks of 3
    for (int c = 0; c < 3; c++) {
      assertEquals(3 * c, stream.get(c).get("first_index").asInt());
      assertEquals(3, stream.get(c).get("count").asInt());
      for (int j = 0; j < 3 && 3 * c + j < 8; j++) {
        float[] expected = model.engine(seqs.get(3 * c + j));
        for (int t = 0; t < 2; t++) {
          assertClose(expected[t], stream.get(c).get("scores").get(j * 2 + t).asDouble(), "stream " + (3 * c + j));
        }
      }
    }
  }

  @Test
  void prometheusShowsTheScorersMetrics() throws Exception {
    java.net.http.HttpResponse<String> metrics = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:8182/q/metrics")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(200, metrics.statusCode());
    String body = metrics.body();
    for (String name : List.of("seqbind_scorer_provider{provider=\"cpu\"} 1.0", "seqbind_scorer_batch_size_count",
        "seqbind_scorer_queue_wait_seconds_count", "seqbind_scorer_inference_seconds_count",
        "seqbind_scorer_sequences_scored_total", "seqbind_scorer_model_cache_hits_total",
        "seqbind_scorer_model_cache_misses_total", "seqbind_scorer_models_loaded")) {
      assertTrue(body.contains(name), name + " missing from /q/metrics");
    }
  }

  private static void assertClose(float engine, double scorer, String what) {
    assertTrue(Math.abs(engine - scorer) <= 1e-5 * Math.max(1, Math.abs(engine)),
        what + ": engine " + engine + ", scorer via Python " + scorer);
  }
}
