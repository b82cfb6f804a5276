package io.seqbind.variant.quarkus;

import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.grpc.GrpcService;
import io.seqbind.core.bundle.ModelStore;
import io.seqbind.proto.v1.ScorerServiceGrpc.ScorerServiceBlockingStub;
import io.seqbind.variant.grpc.StoreModels;
import io.seqbind.variant.grpc.VariantGrpcService;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The Quarkus face of the variant service: binds the plain {@link VariantGrpcService} to the scorer named
 * by {@code quarkus.grpc.clients.scorer.*} and to the shared model store. It implements BindableService
 * itself because Quarkus finds gRPC services through its class index, which does not reliably see
 * ImplBase subclasses. @Blocking: every call waits on the scorer and on files.
 */
@GrpcService
@Singleton
@Blocking
public class VariantServiceBean implements BindableService {

  private final VariantGrpcService service;

  @Inject
  public VariantServiceBean(@GrpcClient("scorer") ScorerServiceBlockingStub scorer,
      @ConfigProperty(name = "seqbind.store.dir") Path storeDir,
      @ConfigProperty(name = "seqbind.variant.chunk-size") int chunkSize,
      @ConfigProperty(name = "seqbind.variant.max-batch") int maxBatch,
      @ConfigProperty(name = "seqbind.variant.progress-interval") Duration progressInterval,
      @ConfigProperty(name = "seqbind.variant.data-roots") Optional<List<Path>> dataRoots) {
    StoreModels models = new StoreModels(new ModelStore(storeDir));
    this.service = new VariantGrpcService(scorer, models::info, models::filters,
        new VariantGrpcService.Settings(chunkSize, maxBatch, progressInterval, dataRoots.orElse(List.of())));
  }

  @Override
  public ServerServiceDefinition bindService() {
    return service.bindService();
  }
}
