package io.seqbind.scorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.seqbind.core.bundle.ModelStore;
import io.seqbind.core.model.ReverseComplement;
import io.seqbind.scorer.bench.SoakRun;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bounded soak that CI runs (bench/soak.sh runs the 10-minute one against `seqbind serve` and the
 * packaged scorer): 64 callers for {@code seqbind.soak.seconds} (60) against a scorer with ONNX Runtime over
 * loopback HTTP/2, zero errors, and resident memory flat after the warm-up (growth under 10%). The figure is
 * this JVM's resident memory with the heap counted as its live part after a GC (SoakRun.liveResidentKb):
 * the heap growing towards -Xmx is not a leak, live heap or native memory that keeps growing is. This JVM also
 * hosts the callers, so the figure is an upper bound of the server's.
 */
class ScorerSoakTest {

  @TempDir
  Path dir;

  @Test
  void sixtyFourCallersForAMinuteGetNoErrorsAndMemoryStaysFlat() throws Exception {
    int seconds = Integer.getInteger("seqbind.soak.seconds", 60);
    int window = Math.max(5, seconds / 6);
    // The first half warms up (JIT, ONNX Runtime's arena, Netty's buffer pools, malloc arenas of 64 threads); the
    // second half must be flat.
    ModelStore store = new ModelStore(dir);
    String id = OnnxModels.add(store, "soak", "deepbind", ReverseComplement.OFF, 1, 101, 7).bundle().id();
    try (ScorerRuntime runtime = ScorerRuntime.create(store, ScorerSettings.defaults().withCuda(false),
        new SimpleMeterRegistry())) {
      Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
          .addService(runtime.service()).build().start();
      ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
      try {
        // 64 callers at most 16 requests/s each: about 1,000/s, which a busy 2-core CI machine sustains too.
        SoakRun.Result r = SoakRun.run(channel, id, SoakRun::liveResidentKb, 64, seconds, window, seconds / 2, 62);
        assertEquals(0, r.errors(), "errors, e.g. " + r.errorSamples());
        assertTrue(r.requests() > 64, "the callers got through: " + r.requests());
        assertTrue(r.rssGrowth() < 0.10, "resident memory grew " + r.rssGrowth() * 100 + "% after the warm-up: "
            + r.windows());
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }
}
