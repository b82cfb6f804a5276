package io.seqbind.variant.quarkus;

import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.grpc.GrpcService;
import io.seqbind.core.bundle.ModelStore;
import io.seqbind.core.io.DataRoots;
import io.seqbind.proto.v1.ExtractMotifsRequest;
import io.seqbind.proto.v1.ExtractMotifsResponse;
import io.seqbind.proto.v1.GetMutationMapRequest;
import io.seqbind.proto.v1.GetMutationMapResponse;
import io.seqbind.proto.v1.ScoreVariantsRequest;
import io.seqbind.proto.v1.ScoreVariantsResponse;
import io.seqbind.proto.v1.ScoreVcfRequest;
import io.seqbind.proto.v1.ScoreVcfResponse;
import io.seqbind.proto.v1.ScorerServiceGrpc.ScorerServiceBlockingStub;
import io.seqbind.proto.v1.VariantServiceGrpc;
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
 * by {@code quarkus.grpc.clients.scorer.*} and to the shared model store. It implements the generated
 * AsyncService itself, every method only forwarding, because Quarkus finds gRPC methods and their
 * {@code @Blocking} on the bean's own class (as TrainerGrpcEndpoint does). @Blocking: every call waits on the
 * scorer and on files; on the event loop, Quarkus refuses the blocking scorer calls outright.
 */
@GrpcService
@Singleton
@Blocking
public class VariantServiceBean implements VariantServiceGrpc.AsyncService, BindableService {

  private final VariantGrpcService service;

  @Inject
  public VariantServiceBean(@GrpcClient("scorer") ScorerServiceBlockingStub scorer,
      @ConfigProperty(name = "seqbind.store.dir") Path storeDir,
      @ConfigProperty(name = "seqbind.variant.chunk-size") int chunkSize,
      @ConfigProperty(name = "seqbind.variant.max-batch") int maxBatch,
      @ConfigProperty(name = "seqbind.variant.progress-interval") Duration progressInterval,
      @ConfigProperty(name = "seqbind.variant.data-roots") Optional<List<Path>> dataRoots,
      @ConfigProperty(name = "seqbind.auth.tokens-file") Optional<String> tokensFile) {
    StoreModels models = new StoreModels(new ModelStore(storeDir));
    this.service = new VariantGrpcService(scorer, models::info, models::filters,
        new VariantGrpcService.Settings(chunkSize, maxBatch, progressInterval,
            DataRoots.forServer(dataRoots.orElse(List.of()), tokensFile.filter(f -> !f.isBlank()).isPresent())));
  }

  @Override
  public ServerServiceDefinition bindService() {
    return VariantServiceGrpc.bindService(this);
  }

  @Override
  public void scoreVcf(ScoreVcfRequest request, StreamObserver<ScoreVcfResponse> responses) {
    service.scoreVcf(request, responses);
  }

  @Override
  public StreamObserver<ScoreVariantsRequest> scoreVariants(StreamObserver<ScoreVariantsResponse> responses) {
    return service.scoreVariants(responses);
  }

  @Override
  public void getMutationMap(GetMutationMapRequest request, StreamObserver<GetMutationMapResponse> responses) {
    service.getMutationMap(request, responses);
  }

  @Override
  public void extractMotifs(ExtractMotifsRequest request, StreamObserver<ExtractMotifsResponse> responses) {
    service.extractMotifs(request, responses);
  }
}
