package io.seqbind.scorer.grpc;

import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.seqbind.core.bundle.BundleException;
import io.seqbind.core.bundle.ModelNotFoundException;
import io.seqbind.scorer.batching.QueueFullException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The one place where the scorer's exceptions become gRPC statuses (contract: scorer.proto, top comment). */
final class Statuses {

  private static final Logger LOG = Logger.getLogger(Statuses.class.getName());

  private Statuses() {}

  static StatusRuntimeException of(Throwable error) {
    Throwable e = error;
    while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
      e = e.getCause();
    }
    if (e instanceof StatusRuntimeException s) {
      return s;
    }
    if (e instanceof StatusException s) {
      return s.getStatus().asRuntimeException(s.getTrailers());
    }
    Status status;
    if (e instanceof ModelNotFoundException) {
      status = Status.NOT_FOUND;
    } else if (e instanceof BundleException) {
      // The request is fine; the store is not (BundleException's contract in core).
      status = Status.FAILED_PRECONDITION;
    } else if (e instanceof QueueFullException) {
      status = Status.RESOURCE_EXHAUSTED;
    } else if (e instanceof CancellationException) {
      status = Status.CANCELLED;
    } else if (e instanceof RejectedExecutionException) {
      status = Status.UNAVAILABLE;
    } else if (e instanceof IllegalArgumentException) {
      status = Status.INVALID_ARGUMENT;
    } else {
      LOG.log(Level.WARNING, "scoring failed", e);
      return Status.INTERNAL.withDescription("scoring failed: " + e).withCause(e).asRuntimeException();
    }
    return status.withDescription(e.getMessage()).withCause(e).asRuntimeException();
  }

  static StatusRuntimeException invalid(String message) {
    return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
  }
}
