package io.seqbind.variant.testing;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** An in-process gRPC server and a channel to it, closed together. */
public final class InProcess implements AutoCloseable {

  private final Server server;
  public final ManagedChannel channel;

  public InProcess(ServerServiceDefinition... services) {
    String name = InProcessServerBuilder.generateName();
    InProcessServerBuilder builder = InProcessServerBuilder.forName(name);
    for (ServerServiceDefinition s : services) {
      builder.addService(s);
    }
    try {
      server = builder.build().start();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    channel = InProcessChannelBuilder.forName(name).build();
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow();
    server.shutdownNow();
    channel.awaitTermination(5, TimeUnit.SECONDS);
    server.awaitTermination(5, TimeUnit.SECONDS);
  }
}
