package io.seqbind.variant.quarkus;

import io.quarkus.grpc.GrpcClient;
import io.seqbind.core.bundle.ModelStore;
import io.seqbind.core.io.DataRoots;
import io.seqbind.proto.v1.ScorerServiceGrpc.ScorerServiceBlockingStub;
import io.seqbind.variant.grpc.StoreModels;
import io.seqbind.variant.grpc.VariantGrpcService;
import io.seqbind.variant.grpc.VariantModels;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The variant service's plain objects as CDI beans, built from configuration (application.properties
 * documents the keys), for the {@code @GrpcService} {@link VariantGrpcService}'s constructor: the scorer named
 * by {@code quarkus.grpc.clients.scorer.*}, the shared model store's lookups, and the tunables. Only wiring.
 */
@Singleton
public class VariantBeans {

  @Produces
  @Singleton
  ScorerServiceBlockingStub scorer(@GrpcClient("scorer") ScorerServiceBlockingStub scorer) {
    return scorer;
  }

  @Produces
  @Singleton
  VariantModels models(@ConfigProperty(name = "seqbind.store.dir") Path storeDir) {
    return new StoreModels(new ModelStore(storeDir));
  }

  @Produces
  @Singleton
  VariantGrpcService.Settings settings(@ConfigProperty(name = "seqbind.variant.chunk-size") int chunkSize,
      @ConfigProperty(name = "seqbind.variant.max-batch") int maxBatch,
      @ConfigProperty(name = "seqbind.variant.progress-interval") Duration progressInterval,
      @ConfigProperty(name = "seqbind.variant.stall-timeout") Duration stallTimeout,
      @ConfigProperty(name = "seqbind.variant.data-roots") Optional<List<Path>> dataRoots,
      @ConfigProperty(name = "seqbind.auth.tokens-file") Optional<String> tokensFile) {
    // With authentication on and no data roots, no request may name a server path (DataRoots.forServer).
    return new VariantGrpcService.Settings(chunkSize, maxBatch, progressInterval, stallTimeout,
        DataRoots.forServer(dataRoots.orElse(List.of()), tokensFile.filter(f -> !f.isBlank()).isPresent()));
  }
}
