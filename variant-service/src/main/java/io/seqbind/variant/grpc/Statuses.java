package io.seqbind.variant.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.seqbind.core.grpc.InternalErrors;
import io.seqbind.core.io.InputFormatException;
import io.seqbind.variant.effects.RefMismatchException;
import io.seqbind.variant.effects.VcfSource;

/**
 * Maps what the plain classes throw to gRPC statuses, keeping their messages (which already name the
 * file, line or record and what was expected). A failure of the scorer keeps the scorer's status code
 * (UNAVAILABLE, NOT_FOUND, ...) and says that the scorer reported it.
 */
final class Statuses {

  private Statuses() {}

  static StatusRuntimeException of(Throwable t) {
    if (t instanceof StatusRuntimeException s) {
      return s;
    }
    if (t instanceof InputFormatException
        || t instanceof RefMismatchException
        || t instanceof IllegalArgumentException) {
      return Status.INVALID_ARGUMENT.withDescription(t.getMessage()).asRuntimeException();
    }
    if (t instanceof VcfSource.MissingIndexException) {
      return Status.FAILED_PRECONDITION.withDescription(t.getMessage()).asRuntimeException();
    }
    if (t.getCause() instanceof StatusRuntimeException) {
      return of(t.getCause());
    }
    return InternalErrors.status("the variant service", t);
  }
}
