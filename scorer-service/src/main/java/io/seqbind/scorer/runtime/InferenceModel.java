package io.seqbind.scorer.runtime;

import io.seqbind.proto.v1.ModelInfo;
import io.seqbind.scorer.batching.BatchFunction;

/** An opened model: its manifest and a forward pass. ONNX Runtime in production; tests may supply others. */
public interface InferenceModel extends BatchFunction, AutoCloseable {

  ModelInfo info();

  /** Output columns T (one per task). */
  int tasks();

  /** What the open model costs in memory, for the cache's byte bound. */
  long memoryBytes();

  @Override
  void close();
}
