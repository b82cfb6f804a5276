package io.seqbind.scorer;

import io.seqbind.core.grpc.PacedStream;
import java.time.Duration;
import java.util.List;

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
 * @param intraOpThreads         ONNX Runtime intra-op threads per session; 0 = the CPUs this process may use
 *                               (container limit) shared among the batch threads
 * @param interOpThreads         ONNX Runtime inter-op threads per session
 * @param batchThreads           forward passes running at once (each uses the intra-op threads)
 * @param useCuda                try the CUDA provider (only the -Pgpu build has one); CPU otherwise
 * @param storeRefresh           how old the store listing may get before a name is looked up again
 * @param memory                 byte-sized bounds of requests, forward passes and the queue
 * @param allowSpinning          let ONNX Runtime's idle intra-op threads spin (fast on dedicated cores,
 *                               a collapse when the cores are shared or a CPU quota applies)
 * @param recheckEvery           how often, at most, a loaded model's bundle files are stat-ed on use
 * @param rehashEvery            how old the last full check of a loaded bundle may get (sha256 again)
 * @param preferredBatchSizes    rows a forward pass should have when the queue allows (Triton's
 *                               preferred_batch_size; see DynamicBatcher), each in 1..maxBatchSize; empty: none
 * @param stallTimeout           longest a ScoreStream keeps its models open and its finished answers held for a
 *                               client that reads none of them; then the call ends with DEADLINE_EXCEEDED
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
    Duration storeRefresh,
    Memory memory,
    boolean allowSpinning,
    Duration recheckEvery,
    Duration rehashEvery,
    List<Integer> preferredBatchSizes,
    Duration stallTimeout) {

  /**
   * Bounds in bases (one base costs 16 bytes of one-hot input, twice that with reverse complements, plus the
   * model's activations), checked before anything is encoded, so that no single request can take the heap.
   *
   * @param maxRequestBases most bases in one Score request or one ScoreStream chunk (INVALID_ARGUMENT)
   * @param maxBatchBases   most bases in one forward pass: a batch is cut by total length as well as by
   *                        count, which bounds ONNX Runtime's arena (it keeps its peak) and the input copy
   * @param maxQueuedBases  bases waiting or running in the batcher before new work is refused with
   *                        RESOURCE_EXHAUSTED
   */
  public record Memory(long maxRequestBases, long maxBatchBases, long maxQueuedBases) {
    public Memory {
      positive("maxRequestBases", maxRequestBases);
      positive("maxBatchBases", maxBatchBases);
      positive("maxQueuedBases", maxQueuedBases);
    }

    /** 4 Mi bases per request (64 MiB of one-hot), 1 Mi per forward pass, 16 Mi queued. */
    public static Memory defaults() {
      return new Memory(4L << 20, 1L << 20, 16L << 20);
    }
  }

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
    if (memory == null) {
      throw new IllegalArgumentException("memory bounds must be given");
    }
    if (recheckEvery == null || recheckEvery.isNegative() || rehashEvery == null || rehashEvery.isNegative()) {
      throw new IllegalArgumentException("recheckEvery and rehashEvery must be >= 0, got " + recheckEvery + ", "
          + rehashEvery);
    }
    if (preferredBatchSizes == null) {
      throw new IllegalArgumentException("preferredBatchSizes must be given (empty for none)");
    }
    for (Integer size : preferredBatchSizes) {
      if (size == null || size < 1 || size > maxBatchSize) {
        throw new IllegalArgumentException("preferred batch sizes must be within 1.." + maxBatchSize
            + " (the max batch size), got " + size);
      }
    }
    preferredBatchSizes = List.copyOf(preferredBatchSizes);
    if (stallTimeout == null || stallTimeout.isNegative() || stallTimeout.isZero()) {
      throw new IllegalArgumentException("stallTimeout must be > 0, got " + stallTimeout);
    }
  }

  private static void positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, got " + value);
    }
  }

  /** Defaults (also those of application.properties). */
  public static ScorerSettings defaults() {
    return new ScorerSettings(1024, Duration.ZERO, 16_384, 100_000, 4, 262_144, 16, 2L << 30, 0, 1, 2,
        true, Duration.ofSeconds(5), Memory.defaults(), false, Duration.ofMillis(250), Duration.ofSeconds(60),
        List.of(), PacedStream.DEFAULT_MAX_STALL);
  }

  /**
   * Intra-op threads with 0 resolved to this process's CPUs (the container's quota, see {@link CpuLimit})
   * divided among the batch threads, so that the scorer never runs more busy threads than it has CPUs.
   */
  public int effectiveIntraOpThreads() {
    return intraOpThreads > 0 ? intraOpThreads : Math.max(1, CpuLimit.processors() / batchThreads);
  }

  public ScorerSettings withBatching(int maxBatchSize, Duration maxWait) {
    return new ScorerSettings(maxBatchSize, maxWait, maxSequencesPerRequest, maxSequenceLength, maxInFlightChunks,
        maxQueuedSequences, cacheCapacity, cacheMaxBytes, intraOpThreads, interOpThreads, batchThreads, useCuda,
        storeRefresh, memory, allowSpinning, recheckEvery, rehashEvery, preferredBatchSizes, stallTimeout);
  }

  public ScorerSettings withPreferredBatchSizes(List<Integer> preferredBatchSizes) {
    return new ScorerSettings(maxBatchSize, maxWait, maxSequencesPerRequest, maxSequenceLength, maxInFlightChunks,
        maxQueuedSequences, cacheCapacity, cacheMaxBytes, intraOpThreads, interOpThreads, batchThreads, useCuda,
        storeRefresh, memory, allowSpinning, recheckEvery, rehashEvery, preferredBatchSizes, stallTimeout);
  }

  public ScorerSettings withLimits(int maxSequencesPerRequest, int maxSequenceLength, int maxInFlightChunks,
      int maxQueuedSequences) {
    return new ScorerSettings(maxBatchSize, maxWait, maxSequencesPerRequest, maxSequenceLength, maxInFlightChunks,
        maxQueuedSequences, cacheCapacity, cacheMaxBytes, intraOpThreads, interOpThreads, batchThreads, useCuda,
        storeRefresh, memory, allowSpinning, recheckEvery, rehashEvery, preferredBatchSizes, stallTimeout);
  }

  public ScorerSettings withCache(int cacheCapacity, long cacheMaxBytes) {
    return new ScorerSettings(maxBatchSize, maxWait, maxSequencesPerRequest, maxSequenceLength, maxInFlightChunks,
        maxQueuedSequences, cacheCapacity, cacheMaxBytes, intraOpThreads, interOpThreads, batchThreads, useCuda,
        storeRefresh, memory, allowSpinning, recheckEvery, rehashEvery, preferredBatchSizes, stallTimeout);
  }

  public ScorerSettings withThreads(int intraOpThreads, int interOpThreads, int batchThreads) {
    return new ScorerSettings(maxBatchSize, maxWait, maxSequencesPerRequest, maxSequenceLength, maxInFlightChunks,
        maxQueuedSequences, cacheCapacity, cacheMaxBytes, intraOpThreads, interOpThreads, batchThreads, useCuda,
        storeRefresh, memory, allowSpinning, recheckEvery, rehashEvery, preferredBatchSizes, stallTimeout);
  }

  public ScorerSettings withCuda(boolean useCuda) {
    return new ScorerSettings(maxBatchSize, maxWait, maxSequencesPerRequest, maxSequenceLength, maxInFlightChunks,
        maxQueuedSequences, cacheCapacity, cacheMaxBytes, intraOpThreads, interOpThreads, batchThreads, useCuda,
        storeRefresh, memory, allowSpinning, recheckEvery, rehashEvery, preferredBatchSizes, stallTimeout);
  }

  public ScorerSettings withMemory(Memory memory) {
    return new ScorerSettings(maxBatchSize, maxWait, maxSequencesPerRequest, maxSequenceLength, maxInFlightChunks,
        maxQueuedSequences, cacheCapacity, cacheMaxBytes, intraOpThreads, interOpThreads, batchThreads, useCuda,
        storeRefresh, memory, allowSpinning, recheckEvery, rehashEvery, preferredBatchSizes, stallTimeout);
  }

  public ScorerSettings withSpinning(boolean allowSpinning) {
    return new ScorerSettings(maxBatchSize, maxWait, maxSequencesPerRequest, maxSequenceLength, maxInFlightChunks,
        maxQueuedSequences, cacheCapacity, cacheMaxBytes, intraOpThreads, interOpThreads, batchThreads, useCuda,
        storeRefresh, memory, allowSpinning, recheckEvery, rehashEvery, preferredBatchSizes, stallTimeout);
  }

  public ScorerSettings withRecheck(Duration recheckEvery, Duration rehashEvery) {
    return new ScorerSettings(maxBatchSize, maxWait, maxSequencesPerRequest, maxSequenceLength, maxInFlightChunks,
        maxQueuedSequences, cacheCapacity, cacheMaxBytes, intraOpThreads, interOpThreads, batchThreads, useCuda,
        storeRefresh, memory, allowSpinning, recheckEvery, rehashEvery, preferredBatchSizes, stallTimeout);
  }

  public ScorerSettings withStoreRefresh(Duration storeRefresh) {
    return new ScorerSettings(maxBatchSize, maxWait, maxSequencesPerRequest, maxSequenceLength, maxInFlightChunks,
        maxQueuedSequences, cacheCapacity, cacheMaxBytes, intraOpThreads, interOpThreads, batchThreads, useCuda,
        storeRefresh, memory, allowSpinning, recheckEvery, rehashEvery, preferredBatchSizes, stallTimeout);
  }

  public ScorerSettings withStallTimeout(Duration stallTimeout) {
    return new ScorerSettings(maxBatchSize, maxWait, maxSequencesPerRequest, maxSequenceLength, maxInFlightChunks,
        maxQueuedSequences, cacheCapacity, cacheMaxBytes, intraOpThreads, interOpThreads, batchThreads, useCuda,
        storeRefresh, memory, allowSpinning, recheckEvery, rehashEvery, preferredBatchSizes, stallTimeout);
  }
}
