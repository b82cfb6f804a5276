package io.seqbind.scorer.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.seqbind.core.grpc.StatusMapping;
import io.seqbind.scorer.batching.QueueFullException;

/** The scorer's exceptions as gRPC statuses (contract: scorer.proto, top comment): core's shared rules, plus a full queue. */
final class Statuses {

  private static final StatusMapping MAPPING = StatusMapping.forService("the scorer")
      .map(QueueFullException.class, Status.Code.RESOURCE_EXHAUSTED)
      .build();

  private Statuses() {}

  static StatusRuntimeException of(Throwable error) {
    return MAPPING.of(error);
  }

  static StatusRuntimeException invalid(String message) {
    return StatusMapping.invalid(message);
  }
}
