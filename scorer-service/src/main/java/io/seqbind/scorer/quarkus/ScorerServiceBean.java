package io.seqbind.scorer.quarkus;

import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.grpc.GrpcService;
import io.seqbind.core.bundle.ModelStore;
import io.seqbind.scorer.ScorerRuntime;
import io.seqbind.scorer.ScorerSettings;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The Quarkus face of the scorer: builds a {@link ScorerRuntime} from configuration and binds its plain
 * gRPC service. It implements BindableService itself because Quarkus finds gRPC services through its class
 * index, which does not reliably see ImplBase subclasses; the handlers never block, so no @Blocking.
 */
@GrpcService
@Singleton
public class ScorerServiceBean implements BindableService {

  private final ScorerRuntime runtime;

  @Inject
  public ScorerServiceBean(MeterRegistry registry,
      @ConfigProperty(name = "seqbind.store.dir") Path storeDir,
      @ConfigProperty(name = "seqbind.scorer.batching.max-batch-size") int maxBatchSize,
      @ConfigProperty(name = "seqbind.scorer.batching.max-wait") Duration maxWait,
      @ConfigProperty(name = "seqbind.scorer.batching.preferred-sizes") Optional<List<Integer>> preferredSizes,
      @ConfigProperty(name = "seqbind.scorer.max-sequences-per-request") int maxSequencesPerRequest,
      @ConfigProperty(name = "seqbind.scorer.max-sequence-length") int maxSequenceLength,
      @ConfigProperty(name = "seqbind.scorer.max-in-flight-chunks") int maxInFlightChunks,
      @ConfigProperty(name = "seqbind.scorer.max-queued-sequences") int maxQueuedSequences,
      @ConfigProperty(name = "seqbind.scorer.cache.capacity") int cacheCapacity,
      @ConfigProperty(name = "seqbind.scorer.cache.max-bytes") long cacheMaxBytes,
      @ConfigProperty(name = "seqbind.scorer.threads.intra-op") int intraOp,
      @ConfigProperty(name = "seqbind.scorer.threads.inter-op") int interOp,
      @ConfigProperty(name = "seqbind.scorer.threads.batches") int batchThreads,
      @ConfigProperty(name = "seqbind.scorer.cuda") boolean useCuda,
      @ConfigProperty(name = "seqbind.scorer.store-refresh") Duration storeRefresh,
      @ConfigProperty(name = "seqbind.scorer.max-bases-per-request") long maxRequestBases,
      @ConfigProperty(name = "seqbind.scorer.max-batch-bases") long maxBatchBases,
      @ConfigProperty(name = "seqbind.scorer.max-queued-bases") long maxQueuedBases,
      @ConfigProperty(name = "seqbind.scorer.threads.allow-spinning") boolean allowSpinning,
      @ConfigProperty(name = "seqbind.scorer.bundle.recheck-every") Duration recheckEvery,
      @ConfigProperty(name = "seqbind.scorer.bundle.rehash-every") Duration rehashEvery,
      @ConfigProperty(name = "seqbind.scorer.stall-timeout") Duration stallTimeout) {
    ScorerSettings settings = new ScorerSettings(maxBatchSize, maxWait, maxSequencesPerRequest, maxSequenceLength,
        maxInFlightChunks, maxQueuedSequences, cacheCapacity, cacheMaxBytes, intraOp, interOp, batchThreads, useCuda,
        storeRefresh, new ScorerSettings.Memory(maxRequestBases, maxBatchBases, maxQueuedBases), allowSpinning,
        recheckEvery, rehashEvery, preferredSizes.orElse(List.of()), stallTimeout);
    this.runtime = ScorerRuntime.create(new ModelStore(storeDir), settings, registry);
  }

  @Override
  public ServerServiceDefinition bindService() {
    return runtime.service().bindService();
  }

  @PreDestroy
  void close() {
    runtime.close();
  }
}
