package io.seqbind.variant;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.seqbind.core.bundle.ModelBundle;
import io.seqbind.core.bundle.ModelStore;
import io.seqbind.proto.v1.ScorerServiceGrpc;
import io.seqbind.variant.testing.Fixture;
import io.seqbind.variant.testing.PwmScorer;
import io.seqbind.variant.testing.TestGenome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * For the packaged variant service: the PWM scorer served on a real port of localhost (what
 * {@code quarkus.grpc.clients.scorer.*} points at, as a Kubernetes Service would), a model store whose one
 * bundle describes the PWM model ("bind:1": one binary task, 21-base windows, both strands), and a genome.
 */
public class ScorerOnAPortResource implements QuarkusTestResourceLifecycleManager {

  static volatile Path dir;
  static volatile TestGenome genome;
  static volatile ModelBundle model;
  static final PwmScorer SCORER = new PwmScorer();
  /**
   * Records per scoring chunk of the packaged service (its default is 4096): small, so that a VCF of a few
   * thousand records is many chunks and a reader that pauses can be seen holding the scoring back.
   */
  static final int CHUNK = 16;
  static final double[][] PWM = Fixture.pwm(6, 11);
  private Server server;

  @Override
  public Map<String, String> start() {
    try {
      dir = Files.createTempDirectory("variant-it");
      genome = new TestGenome(dir, Map.of("chr1", TestGenome.random(1, 300)));
      // The variant service reads only the manifest; the scorer here is the PWM, so the "ONNX" bytes are a
      // placeholder that gives the bundle its id.
      model = new ModelStore(dir.resolve("store")).add("pwm model".getBytes(StandardCharsets.UTF_8),
          PwmScorer.info("", "bind", 21, 6, false));
      SCORER.add(new PwmScorer.TestModel(model.info(), PWM));
      server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
          .addService(ScorerServiceGrpc.bindService(SCORER)).build().start();
      return Map.of("seqbind.store.dir", dir.resolve("store").toString(),
          "quarkus.grpc.clients.scorer.host", "localhost",
          "quarkus.grpc.clients.scorer.port", String.valueOf(server.getPort()),
          "seqbind.variant.chunk-size", String.valueOf(CHUNK));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void stop() {
    if (server != null) {
      server.shutdownNow();
      try {
        server.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind
    }
  }
}
