package io.seqbind.scorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Python client, with stubs generated from proto/ by Debian's grpc_tools, calls the packaged scorer. Skipped
 * only when /usr/bin/python3 lacks grpc_tools (test.sh installs python3-grpc-tools when it runs as root).
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = ScorerStoreResource.class, restrictToAnnotatedClass = true)
class ScorerPythonClientIT {

  static final Path PYTHON = Path.of("/usr/bin/python3");

  @TempDir
  Path tmp;

  private static boolean hasGrpcTools() throws Exception {
    if (!Files.isExecutable(PYTHON)) {
      return false;
    }
    Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import grpc, grpc_tools.protoc")
        .redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
  }

  private JsonNode runClient(List<String> sequences) throws Exception {
    Path seqs = tmp.resolve("seqs.txt");
    Files.write(seqs, sequences);
    Path stubs = Files.createDirectories(tmp.resolve("stubs"));
    Path protoRoot = Path.of("..", "proto").toAbsolutePath().normalize();
    Process p = new ProcessBuilder(PYTHON.toString(), Path.of("src/test/python/score_client.py").toString(),
        protoRoot.toString(), stubs.toString(), "localhost:8182", ScorerStoreResource.model.id(), seqs.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python client did not finish");
    assertEquals(0, p.exitValue(), "python client failed; stdout: " + out);
    return new ObjectMapper().readTree(out);
  }

  @Test
  void aPythonClientGeneratedFromTheProtosTalksToTheService() throws Exception {
    Assumptions.assumeTrue(hasGrpcTools(), "/usr/bin/python3 has no grpc_tools (apt-get install python3-grpc-tools)");
    JsonNode report = runClient(List.of("ACGTACGTAC", "GGGCCCAAAT", "TTTT"));
    assertEquals("EXECUTION_PROVIDER_CPU", report.get("provider").asText());
    assertEquals(1024, report.get("max_batch_size").asInt());
    assertEquals(ScorerStoreResource.model.id(), report.get("listed").get(0).asText());
    assertEquals("NOT_FOUND", report.get("unknown_model").asText());
    // The store's only bundle is not ONNX: the store is at fault, not the request.
    assertEquals("FAILED_PRECONDITION", report.get("score").get("code").asText());
    assertTrue(report.get("score").get("details").asText().contains("ONNX Runtime cannot open"));
    assertEquals("FAILED_PRECONDITION", report.get("stream").get("code").asText());
  }
}
