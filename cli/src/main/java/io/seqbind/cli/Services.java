package io.seqbind.cli;

import io.grpc.ManagedChannel;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.seqbind.core.bundle.ModelBundle;
import io.seqbind.core.bundle.ModelRefs;
import io.seqbind.core.bundle.ModelStore;
import io.seqbind.core.io.AtomicDirectory;
import io.seqbind.core.io.PendingOutputs;
import io.grpc.Status;
import io.seqbind.proto.v1.ListServingModelsRequest;
import io.seqbind.proto.v1.ListServingModelsResponse;
import io.seqbind.proto.v1.ModelInfo;
import io.seqbind.proto.v1.ModelName;
import io.seqbind.proto.v1.ModelRef;
import io.seqbind.proto.v1.ScorerServiceGrpc;
import io.seqbind.proto.v1.TrainerServiceGrpc;
import io.seqbind.proto.v1.VariantServiceGrpc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The services a command talks to: remote ones at an endpoint, or the same services hosted in this process
 * over a local model store. Either way the command holds a gRPC channel and nothing else.
 */
final class Services implements AutoCloseable {

  /** Messages up to this size: a chunk of 16,384 sequences of a few hundred bases, a mutation map. */
  static final int MAX_MESSAGE_BYTES = 64 << 20;

  private final ManagedChannel channel;
  private final ServiceHost host;
  private final ModelStore store;
  private final Path jobsDir;
  /** With an endpoint: the variant service for local files, made when first asked for. */
  private LocalVariantService localVariants;

  private Services(ManagedChannel channel, ServiceHost host, ModelStore store, Path jobsDir) {
    this.channel = channel;
    this.host = host;
    this.store = store;
    this.jobsDir = jobsDir;
  }

  /**
   * Services at {@code endpoint} ({@code host:port}) over {@code transport}, each call carrying {@code token}
   * (null for none) as its bearer token. Unary calls end after {@code timeout}; keepalive pings (every
   * {@link #KEEPALIVE}, the least grpc-java allows) end a stream whose server stopped answering.
   */
  static Services remote(String endpoint, ChannelCredentials transport, Duration timeout, String token) {
    if (!endpoint.matches("[^:\\s]+:\\d+")) {
      throw new IllegalArgumentException("--endpoint '" + endpoint + "' is not host:port");
    }
    ManagedChannel channel = Grpc.newChannelBuilder(endpoint, transport)
        .maxInboundMessageSize(MAX_MESSAGE_BYTES)
        .keepAliveTime(KEEPALIVE.toSeconds(), TimeUnit.SECONDS).keepAliveTimeout(KEEPALIVE.toSeconds(), TimeUnit.SECONDS)
        .keepAliveWithoutCalls(true)
        .intercept(new RemoteCalls(endpoint, timeout, token)).build();
    return new Services(channel, null, null, null);
  }

  /** Keepalive of remote channels; servers must permit pings this often (seqbind serve and the chart do). */
  static final Duration KEEPALIVE = Duration.ofSeconds(10);

  /** The services hosted here over {@code store}; jobs run in a scratch directory removed at close. */
  static Services local(ModelStore store) throws IOException {
    Path jobsDir = Files.createTempDirectory("seqbind-jobs-");
    PendingOutputs.add(jobsDir); // Ctrl-C or SIGTERM: close() does not run, the shutdown hook removes it
    ServiceHost host = ServiceHost.start(store, jobsDir, new SimpleMeterRegistry());
    return new Services(host.channel(), host, store, jobsDir);
  }

  boolean isLocal() {
    return host != null;
  }

  /** The local model store; null with a remote endpoint. */
  ModelStore store() {
    return store;
  }

  TrainerServiceGrpc.TrainerServiceBlockingStub trainer() {
    return TrainerServiceGrpc.newBlockingStub(channel);
  }

  TrainerServiceGrpc.TrainerServiceStub trainerAsync() {
    return TrainerServiceGrpc.newStub(channel);
  }

  ScorerServiceGrpc.ScorerServiceBlockingStub scorer() {
    return ScorerServiceGrpc.newBlockingStub(channel).withMaxInboundMessageSize(MAX_MESSAGE_BYTES)
        .withMaxOutboundMessageSize(MAX_MESSAGE_BYTES);
  }

  /** The scorer's future stub: several requests in flight from one thread (ScoreClient). */
  ScorerServiceGrpc.ScorerServiceFutureStub scorerAsync() {
    return ScorerServiceGrpc.newFutureStub(channel).withMaxInboundMessageSize(MAX_MESSAGE_BYTES)
        .withMaxOutboundMessageSize(MAX_MESSAGE_BYTES);
  }

  VariantServiceGrpc.VariantServiceBlockingStub variant() {
    return variant(channel);
  }

  /**
   * The variant service for files of this machine (ScoreVcf's VCF and genome): the in-process one, or with an
   * endpoint one hosted here over the remote scorer ({@link LocalVariantService}), so that {@code seqbind variants}
   * runs the same effects code either way.
   */
  VariantServiceGrpc.VariantServiceStub variantForLocalFiles() throws IOException {
    if (host != null) {
      return variantAsync(channel);
    }
    if (localVariants == null) {
      localVariants = new LocalVariantService(scorer(), ref -> {
        try {
          return modelInfo(ref);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
    }
    return variantAsync(localVariants.channel());
  }

  /** The async stub: {@code seqbind variants} reads ScoreVcf's stream through a ResponseWindow. */
  private static VariantServiceGrpc.VariantServiceStub variantAsync(io.grpc.Channel channel) {
    return VariantServiceGrpc.newStub(channel).withMaxInboundMessageSize(MAX_MESSAGE_BYTES)
        .withMaxOutboundMessageSize(MAX_MESSAGE_BYTES);
  }

  private static VariantServiceGrpc.VariantServiceBlockingStub variant(io.grpc.Channel channel) {
    return VariantServiceGrpc.newBlockingStub(channel).withMaxInboundMessageSize(MAX_MESSAGE_BYTES)
        .withMaxOutboundMessageSize(MAX_MESSAGE_BYTES);
  }

  /**
   * The contract reference for what a person typed: locally a bundle directory (registered with the store),
   * an id or id prefix, {@code name:version} or a name; remotely an id, {@code name:version} or a name.
   */
  ModelRef model(String reference) throws IOException {
    if (store != null) {
      ModelBundle bundle = store.get(reference);
      store.register(bundle);
      return ModelRef.newBuilder().setId(bundle.id()).build();
    }
    if (Files.isDirectory(Path.of(reference))) {
      throw new IllegalArgumentException("--model " + reference + " is a local directory, but with --endpoint the"
          + " service reads models from its own store: give the model's id or name[:version]");
    }
    if (ModelRefs.ID.matcher(reference).matches()) {
      return ModelRef.newBuilder().setId(reference).build();
    }
    if (ModelRefs.ID_PREFIX.matcher(reference).matches()) {
      String id = remoteIdWithPrefix(reference);
      if (id != null) {
        return ModelRef.newBuilder().setId(id).build();
      }
    }
    int colon = reference.lastIndexOf(':');
    ModelName.Builder name = ModelName.newBuilder();
    if (colon > 0) {
      name.setName(reference.substring(0, colon)).setVersion(reference.substring(colon + 1));
    } else {
      name.setName(reference);
    }
    return ModelRef.newBuilder().setName(name).build();
  }

  /**
   * The manifest of a model: from the local store, or from the remote scorer's list of the models it serves
   * (the scorer and the trainer share one store).
   */
  ModelInfo modelInfo(ModelRef ref) throws IOException {
    if (store != null) {
      return store.get(ref).info();
    }
    ModelInfo newest = ModelRefs.newestMatch(remoteModels(), ref);
    if (newest == null) {
      throw Status.NOT_FOUND.withDescription("no model " + (ref.hasName() ? ref.getName().getName() : ref.getId())
          + " in the service's store").asRuntimeException();
    }
    return newest;
  }

  /** Every model the remote scorer serves (its store's), page by page. */
  private List<ModelInfo> remoteModels() {
    List<ModelInfo> models = new ArrayList<>();
    String token = "";
    do {
      ListServingModelsResponse page = scorer().listServingModels(ListServingModelsRequest.newBuilder()
          .setPageToken(token).build());
      page.getModelsList().forEach(m -> models.add(m.getModel()));
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    return models;
  }

  /**
   * The one remote model whose id starts with {@code prefix}, as the local store resolves prefixes; null when
   * none does (then the reference is tried as a name) or the endpoint has no scorer to list models.
   */
  private String remoteIdWithPrefix(String prefix) {
    List<String> ids;
    try {
      ids = remoteModels().stream().map(ModelInfo::getId).filter(id -> id.startsWith(prefix)).distinct().toList();
    } catch (io.grpc.StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
        return null; // a variant service alone: it takes full ids and names
      }
      throw e;
    }
    if (ids.size() > 1) {
      throw new IllegalArgumentException("model id prefix " + prefix + " matches " + ids.size()
          + " models; give more digits");
    }
    return ids.isEmpty() ? null : ids.get(0);
  }

  @Override
  public void close() {
    if (host != null) {
      host.close();
      try {
        AtomicDirectory.deleteTree(jobsDir);
      } catch (IOException e) {
        // scratch space in the temp directory: nothing the user needs
      }
      PendingOutputs.done(jobsDir);
    } else {
      if (localVariants != null) {
        localVariants.close();
      }
      channel.shutdownNow();
      try {
        channel.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
