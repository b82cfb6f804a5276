package io.seqbind.scorer;

import io.seqbind.core.concurrent.DaemonThreads;
import io.micrometer.core.instrument.MeterRegistry;
import io.seqbind.core.bundle.ModelStore;
import io.seqbind.scorer.batching.DynamicBatcher;
import io.seqbind.scorer.grpc.RuntimeDescription;
import io.seqbind.scorer.grpc.ScorerGrpcService;
import io.seqbind.scorer.runtime.ModelLoader;
import io.seqbind.scorer.runtime.ModelResolver;
import io.seqbind.scorer.runtime.OnnxModelLoader;
import io.seqbind.scorer.runtime.ProviderChoice;
import io.seqbind.scorer.runtime.SessionCache;
import io.seqbind.scorer.score.SequenceScorer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Builds a scorer (provider choice, session cache, batcher, service) and owns its threads and sessions.
 * This is what the Quarkus bean and the CLI construct; {@link #service()} is the gRPC service to bind
 * (Quarkus, a Netty server or grpc-inprocess), {@link #close()} stops the threads and closes the sessions.
 */
public final class ScorerRuntime implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(ScorerRuntime.class.getName());

  private final ScorerSettings settings;
  private final ProviderChoice provider;
  private final SessionCache cache;
  private final DynamicBatcher batcher;
  private final ExecutorService work;
  private final ScorerGrpcService service;

  private ScorerRuntime(ModelStore store, ScorerSettings settings, MeterRegistry registry, ModelLoader loader,
      ProviderChoice provider, String onnxRuntimeVersion) {
    this.settings = settings;
    this.provider = provider;
    ScorerMetrics metrics = new ScorerMetrics(registry);
    metrics.provider(provider.tag());
    this.cache = new SessionCache(store, loader, settings.cacheCapacity(), settings.cacheMaxBytes(), metrics,
        settings.recheckEvery(), settings.rehashEvery());
    this.batcher = new DynamicBatcher(settings.maxBatchSize(), settings.preferredBatchSizes(), settings.maxWait(),
        settings.maxQueuedSequences(), settings.memory().maxBatchBases(), settings.memory().maxQueuedBases(),
        settings.batchThreads(), metrics);
    this.work = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
        DaemonThreads.named("scorer-request"));
    String version = ScorerRuntime.class.getPackage().getImplementationVersion();
    RuntimeDescription description = new RuntimeDescription(provider, settings,
        version == null ? "dev" : version, onnxRuntimeVersion);
    this.service = new ScorerGrpcService(new ModelResolver(store, settings.storeRefresh()), cache,
        new SequenceScorer(batcher, settings.maxSequenceLength(), settings.memory().maxRequestBases(), metrics), work, description);
    LOG.info("seqbind scorer: execution provider " + provider.tag().toUpperCase() + " on " + provider.deviceName()
        + " (" + provider.reason() + "); model store " + store.root() + "; batches of up to "
        + settings.maxBatchSize() + " sequences" + (settings.preferredBatchSizes().isEmpty() ? ""
        : " (preferred sizes " + settings.preferredBatchSizes() + ")") + ", max wait " + settings.maxWait().toMillis()
        + " ms; "
        + settings.batchThreads() + " batch threads x " + settings.effectiveIntraOpThreads() + " intra-op threads ("
        + CpuLimit.processors() + " CPUs), spinning " + (settings.allowSpinning() ? "on" : "off"));
  }

  /** A scorer on ONNX Runtime, CUDA when the build and the machine have it (and settings allow), else CPU. */
  public static ScorerRuntime create(ModelStore store, ScorerSettings settings, MeterRegistry registry) {
    ProviderChoice provider = ProviderChoice.choose(settings.useCuda());
    OnnxModelLoader loader = new OnnxModelLoader(provider, settings.effectiveIntraOpThreads(),
        settings.interOpThreads(), settings.allowSpinning());
    return new ScorerRuntime(store, settings, registry, loader, provider, loader.runtimeVersion());
  }

  /** A scorer with another model loader (tests: a fake forward pass). */
  public static ScorerRuntime create(ModelStore store, ScorerSettings settings, MeterRegistry registry,
      ModelLoader loader, ProviderChoice provider, String runtimeVersion) {
    return new ScorerRuntime(store, settings, registry, loader, provider, runtimeVersion);
  }

  public ScorerGrpcService service() {
    return service;
  }

  public ProviderChoice provider() {
    return provider;
  }

  public ScorerSettings settings() {
    return settings;
  }

  public SessionCache cache() {
    return cache;
  }

  @Override
  public void close() {
    batcher.close();
    work.shutdown();
    try {
      work.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    cache.close();
  }
}
