package io.seqbind.core.grpc;

import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.seqbind.core.bundle.BundleException;
import io.seqbind.core.bundle.ModelNotFoundException;
import io.seqbind.core.io.InputFormatException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;

/**
 * How a service's plain classes' exceptions become gRPC statuses, the same way in every service: the
 * exception's message (which names the file, line, record or field and what was expected) becomes the
 * status's description; a status thrown or wrapped (a downstream service's answer) keeps its code; anything
 * unexpected is INTERNAL through {@link InternalErrors}, so no server path or stack reaches the caller.
 *
 * <p>A service adds its own exceptions with {@link Builder#map}; they are matched before the shared ones:
 * <pre>
 *   ModelNotFoundException     NOT_FOUND           (the store has no such model)
 *   BundleException            FAILED_PRECONDITION (the request is fine, the stored bundle is not)
 *   InputFormatException,
 *   IllegalArgumentException   INVALID_ARGUMENT
 *   CancellationException      CANCELLED
 *   RejectedExecutionException UNAVAILABLE         (a pool shutting down)
 * </pre>
 */
public final class StatusMapping {

  private record Rule(Class<? extends Throwable> type, Status.Code code) {}

  private final String service;
  private final List<Rule> rules;

  private StatusMapping(String service, List<Rule> rules) {
    this.service = service;
    this.rules = List.copyOf(rules);
  }

  /** A mapping for {@code service} (as INTERNAL messages name it, e.g. "the scorer"). */
  public static Builder forService(String service) {
    return new Builder(service);
  }

  /** The status for {@code error}; logs it under a reference when it is INTERNAL. */
  public StatusRuntimeException of(Throwable error) {
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
    for (Rule rule : rules) {
      if (rule.type.isInstance(e)) {
        return Status.fromCode(rule.code).withDescription(e.getMessage()).withCause(e).asRuntimeException();
      }
    }
    if (e.getCause() instanceof StatusRuntimeException || e.getCause() instanceof StatusException) {
      return of(e.getCause());
    }
    return InternalErrors.status(service, e);
  }

  /** INVALID_ARGUMENT with {@code message}: for checks a service makes itself. */
  public static StatusRuntimeException invalid(String message) {
    return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
  }

  public static final class Builder {
    private final String service;
    private final List<Rule> rules = new ArrayList<>();

    private Builder(String service) {
      this.service = service;
    }

    /** Maps {@code type} (and its subclasses) to {@code code}, before the shared rules. */
    public Builder map(Class<? extends Throwable> type, Status.Code code) {
      rules.add(new Rule(type, code));
      return this;
    }

    public StatusMapping build() {
      List<Rule> all = new ArrayList<>(rules);
      all.add(new Rule(ModelNotFoundException.class, Status.Code.NOT_FOUND));
      all.add(new Rule(BundleException.class, Status.Code.FAILED_PRECONDITION));
      all.add(new Rule(InputFormatException.class, Status.Code.INVALID_ARGUMENT));
      all.add(new Rule(IllegalArgumentException.class, Status.Code.INVALID_ARGUMENT));
      all.add(new Rule(CancellationException.class, Status.Code.CANCELLED));
      all.add(new Rule(RejectedExecutionException.class, Status.Code.UNAVAILABLE));
      return new StatusMapping(service, all);
    }
  }
}
