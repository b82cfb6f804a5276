package io.seqbind.scorer.grpc;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.seqbind.core.bundle.ModelStore;
import io.seqbind.proto.v1.ScorerServiceGrpc;
import io.seqbind.scorer.ScorerRuntime;
import io.seqbind.scorer.ScorerSettings;
import io.seqbind.scorer.runtime.ModelLoader;
import io.seqbind.scorer.runtime.ProviderChoice;
import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** A scorer served over grpc-inprocess, the way the CLI hosts it. */
public final class InProcessScorer implements AutoCloseable {

  public final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  public final ScorerRuntime runtime;
  public final Server server;
  public final ManagedChannel channel;

  /** With ONNX Runtime. */
  public InProcessScorer(ModelStore store, ScorerSettings settings) throws IOException {
    this(store, settings, null, new ServerInterceptor[0]);
  }

  /** With a fake loader (null: ONNX Runtime) and interceptors around the service. */
  public InProcessScorer(ModelStore store, ScorerSettings settings, ModelLoader loader,
      ServerInterceptor... interceptors) throws IOException {
    runtime = loader == null ? ScorerRuntime.create(store, settings, registry)
        : ScorerRuntime.create(store, settings, registry, loader, ProviderChoice.choose(false), "test");
    String name = "scorer-" + UUID.randomUUID();
    server = InProcessServerBuilder.forName(name)
        .addService(ServerInterceptors.intercept(runtime.service(), interceptors))
        .build()
        .start();
    channel = InProcessChannelBuilder.forName(name).build();
  }

  public ScorerServiceGrpc.ScorerServiceBlockingStub blocking() {
    return ScorerServiceGrpc.newBlockingStub(channel);
  }

  public ScorerServiceGrpc.ScorerServiceStub async() {
    return ScorerServiceGrpc.newStub(channel);
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    runtime.close();
  }
}
