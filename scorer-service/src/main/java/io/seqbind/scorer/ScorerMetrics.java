package io.seqbind.scorer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.function.Supplier;

/**
 * The scorer's meters. Dotted Micrometer names become the Prometheus names {@code seqbind_scorer_*}
 * ({@code seqbind.scorer.batch.size} -> {@code seqbind_scorer_batch_size}, timers get {@code _seconds}).
 */
public final class ScorerMetrics {

  private final MeterRegistry registry;
  private final DistributionSummary batchSize;
  private final Timer queueWait;
  private final Timer inference;
  private final Counter sequencesScored;
  private final Counter cacheHits;
  private final Counter cacheMisses;
  private final Counter bundleRefusals;
  private final Counter memoryRefusals;

  public ScorerMetrics(MeterRegistry registry) {
    this.registry = registry;
    batchSize = DistributionSummary.builder("seqbind.scorer.batch.size")
        .description("Sequences per forward pass (gathered across callers)")
        .publishPercentileHistogram()
        .register(registry);
    queueWait = Timer.builder("seqbind.scorer.queue.wait")
        .description("Time a piece of work waited in the batcher before its forward pass started")
        .publishPercentileHistogram()
        .register(registry);
    inference = Timer.builder("seqbind.scorer.inference")
        .description("Duration of one forward pass (one batch)")
        .publishPercentileHistogram()
        .register(registry);
    sequencesScored = Counter.builder("seqbind.scorer.sequences.scored")
        .description("Rows run through a model (each strand counts)")
        .register(registry);
    cacheHits = Counter.builder("seqbind.scorer.model.cache.hits")
        .description("Model lookups answered by an open session")
        .register(registry);
    cacheMisses = Counter.builder("seqbind.scorer.model.cache.misses")
        .description("Model lookups that had to open a session")
        .register(registry);
    bundleRefusals = Counter.builder("seqbind.scorer.model.bundle.refusals")
        .description("Loaded models closed because their bundle changed or failed its check on disk")
        .register(registry);
    memoryRefusals = Counter.builder("seqbind.scorer.memory.refusals")
        .description("Requests refused because their bases exceed a memory bound")
        .register(registry);
  }

  public Counter bundleRefusals() {
    return bundleRefusals;
  }

  public Counter memoryRefusals() {
    return memoryRefusals;
  }

  public DistributionSummary batchSize() {
    return batchSize;
  }

  public Timer queueWait() {
    return queueWait;
  }

  public Timer inference() {
    return inference;
  }

  public Counter sequencesScored() {
    return sequencesScored;
  }

  public Counter cacheHits() {
    return cacheHits;
  }

  public Counter cacheMisses() {
    return cacheMisses;
  }

  /** {@code seqbind_scorer_provider{provider="cpu"} 1}: which execution provider runs. */
  public void provider(String provider) {
    Gauge.builder("seqbind.scorer.provider", () -> 1)
        .description("Execution provider in use (the tag); always 1")
        .tag("provider", provider)
        .register(registry);
  }

  /** {@code seqbind_scorer_models_loaded}: models with an open session. */
  public void loadedModels(Supplier<Number> count) {
    Gauge.builder("seqbind.scorer.models.loaded", count)
        .description("Models with an open inference session")
        .register(registry);
  }
}
