package io.seqbind.cli;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.seqbind.proto.v1.ModelInfo;
import io.seqbind.proto.v1.ModelRef;
import io.seqbind.proto.v1.ScorerServiceGrpc.ScorerServiceBlockingStub;
import io.seqbind.variant.grpc.VariantGrpcService;
import io.seqbind.variant.grpc.VariantModels;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A variant service hosted in this process over a remote scorer: what {@code seqbind variants --endpoint} calls
 * ScoreVcf on. The VCF and the genome are the caller's files, read here; the models and their forward passes
 * are the server's. So the command runs the same effects code as a deployed variant service, and the
 * deployment needs neither a variant service nor the caller's files (a pipeline's work directory).
 */
final class LocalVariantService implements AutoCloseable {

  private final Server server;
  private final ManagedChannel channel;

  /** @param models the manifest a reference names on the server (its scorer's listing) */
  LocalVariantService(ScorerServiceBlockingStub scorer, Function<ModelRef, ModelInfo> models) throws IOException {
    String name = InProcessServerBuilder.generateName();
    // No filters: motifs are not asked of this service (mutmap and motifs call the server's variant service).
    VariantGrpcService service = new VariantGrpcService(scorer, VariantModels.of(models, info -> null),
        VariantGrpcService.Settings.defaults());
    server = InProcessServerBuilder.forName(name).addService(service).build().start();
    channel = InProcessChannelBuilder.forName(name).build();
  }

  ManagedChannel channel() {
    return channel;
  }

  @Override
  public void close() {
    channel.shutdownNow();
    server.shutdownNow();
    try {
      server.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
