package io.seqbind.scorer;

import java.time.Duration;

/**
 * Every knob of a scorer, in one immutable value so that the Quarkus bean (from configuration) and the CLI
 * (from flags) build the same service. {@link #defaults()} suits a laptop; each {@code with*} returns a copy.
 *
 * @param maxBatchSize           most sequences in one forward pass, gathered across callers
 * @param maxWait                longest a sequence waits for its batch to fill; zero dispatches at once
 * @param maxSequencesPerRequest most sequences in one Score request or one ScoreStream chunk
 * @param maxSequenceLength      most bases in one sequence (longer ones are per-item TOO_LONG errors)
 * @param maxInFlightChunks      unanswered chunks per ScoreStream before the server stops reading
 * @param maxQueuedSequences     sequences waiting or running in the batcher before new work is refused
 *                               with RESOURCE_EXHAUSTED (bounds the server's memory)
 * @param cacheCapacity          most models with an open session
 * @param cacheMaxBytes          most bytes of model.onnx files with open sessions
 * @param intraOpThreads         ONNX Runtime intra-op threads per session; 0 = available processors
 * @param interOpThreads         ONNX Runtime inter-op threads per session
 * @param batchThreads           forward passes running at once (each uses the intra-op threads)
 * @param useCuda                try the CUDA provider (only the -Pgpu build has one); CPU otherwise
 * @param storeRefresh           how old the store listing may get before a name is looked up again
 */
public record ScorerSettings(
    int maxBatchSize,
    Duration maxWait,
    int maxSequencesPerRequest,
    int maxSequenceLength,
    int maxInFlightChunks,
    int maxQueuedSequences,
    int cacheCapacity,
    long cacheMaxBytes,
    int intraOpThreads,
    int interOpThreads,
    int batchThreads,
    boolean useCuda,
    Duration storeRefresh) {

  public ScorerSettings {
    positive("maxBatchSize", maxBatchSize);
    if (maxWait == null || maxWait.isNegative()) {
      throw new IllegalArgumentException("maxWait must be >= 0, got " + maxWait);
    }
    positive("maxSequencesPerRequest", maxSequencesPerRequest);
    positive("maxSequenceLength", maxSequenceLength);
    positive("maxInFlightChunks", maxInFlightChunks);
    positive("maxQueuedSequences", maxQueuedSequences);
    positive("cacheCapacity", cacheCapacity);
    if (cacheMaxBytes <= 0) {
      throw new IllegalArgumentException("cacheMaxBytes must be > 0, got " + cacheMaxBytes);
    }
    if (intraOpThreads < 0) {
      throw new IllegalArgumentException("intraOpThreads must be >= 0 (0 = all processors), got " + intraOpThreads);
    }
    positive("interOpThreads", interOpThreads);
    positive("batchThreads", batchThreads);
    if (storeRefresh == null || storeRefresh.isNegative()) {
      throw new IllegalArgumentException("storeRefresh must be >= 0, got " + storeRefresh);
    }
  }

  private static void positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, got " + value);
    }
  }

  /** Defaults (also those of application.properties). */
  public static ScorerSettings defaults() {
    return new ScorerSettings(1024, Duration.ofMillis(2), 16_384, 100_000, 4, 262_144, 16, 2L << 30, 0, 1, 2,
        true, Duration.ofSeconds(5));
  }

  /** Intra-op threads with 0 resolved to the available processors. */
  public int effectiveIntraOpThreads() {
    return intraOpThreads > 0 ? intraOpThreads : Runtime.getRuntime().availableProcessors();
  }

  public ScorerSettings withBatching(int maxBatchSize, Duration maxWait) {
    return new ScorerSettings(maxBatchSize, maxWait, maxSequencesPerRequest, maxSequenceLength, maxInFlightChunks,
        maxQueuedSequences, cacheCapacity, cacheMaxBytes, intraOpThreads, interOpThreads, batchThreads, useCuda,
        storeRefresh);
  }

  public ScorerSettings withLimits(int maxSequencesPerRequest, int maxSequenceLength, int maxInFlightChunks,
      int maxQueuedSequences) {
    return new ScorerSettings(maxBatchSize, maxWait, maxSequencesPerRequest, maxSequenceLength, maxInFlightChunks,
        maxQueuedSequences, cacheCapacity, cacheMaxBytes, intraOpThreads, interOpThreads, batchThreads, useCuda,
        storeRefresh);
  }

  public ScorerSettings withCache(int cacheCapacity, long cacheMaxBytes) {
    return new ScorerSettings(maxBatchSize, maxWait, maxSequencesPerRequest, maxSequenceLength, maxInFlightChunks,
        maxQueuedSequences, cacheCapacity, cacheMaxBytes, intraOpThreads, interOpThreads, batchThreads, useCuda,
        storeRefresh);
  }

  public ScorerSettings withThreads(int intraOpThreads, int interOpThreads, int batchThreads) {
    return new ScorerSettings(maxBatchSize, maxWait, maxSequencesPerRequest, maxSequenceLength, maxInFlightChunks,
        maxQueuedSequences, cacheCapacity, cacheMaxBytes, intraOpThreads, interOpThreads, batchThreads, useCuda,
        storeRefresh);
  }

  public ScorerSettings withCuda(boolean useCuda) {
    return new ScorerSettings(maxBatchSize, maxWait, maxSequencesPerRequest, maxSequenceLength, maxInFlightChunks,
        maxQueuedSequences, cacheCapacity, cacheMaxBytes, intraOpThreads, interOpThreads, batchThreads, useCuda,
        storeRefresh);
  }

  public ScorerSettings withStoreRefresh(Duration storeRefresh) {
    return new ScorerSettings(maxBatchSize, maxWait, maxSequencesPerRequest, maxSequenceLength, maxInFlightChunks,
        maxQueuedSequences, cacheCapacity, cacheMaxBytes, intraOpThreads, interOpThreads, batchThreads, useCuda,
        storeRefresh);
  }
}
