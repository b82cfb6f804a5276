package io.seqbind.scorer.runtime;

import io.seqbind.proto.v1.ModelInfo;
import io.seqbind.scorer.batching.BatchFunction;

/** An opened model: its manifest and a forward pass. ONNX Runtime in production; tests may supply others. */
public interface InferenceModel extends BatchFunction, AutoCloseable {

  ModelInfo info();

  /** Output columns T (one per task). */
  int tasks();

  /**
   * The forward pass that also returns each strand's scores, when the graph computes them (outputs
   * {@code forward} and {@code reverse} of a model that scans both strands): per row the T combined scores,
   * then the T of the sequence as given, then the T of its reverse complement. Null when the graph has no
   * such outputs; callers then score the reverse complement as a sequence of its own. The same object on
   * every call, so that it can key the batcher's lane.
   */
  default BatchFunction strandScores() {
    return null;
  }

  /** What the open model costs in memory, for the cache's byte bound. */
  long memoryBytes();

  @Override
  void close();
}
