package io.seqbind.cli;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.ForwardingClientCallListener.SimpleForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What every call to a remote service gets, so a server that stops answering (paused, partitioned) ends the
 * command instead of hanging it: unary calls a deadline (streams, which may rightly run for hours, rely on
 * the channel's keepalive), a failure to answer names the service, the method and the endpoint, and the
 * bearer token, when there is one, goes in each call's {@code authorization} header.
 */
final class RemoteCalls implements ClientInterceptor {

  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final String endpoint;
  private final Duration unaryDeadline;
  private final String token;

  /** @param token the bearer token every call carries; null for none */
  RemoteCalls(String endpoint, Duration unaryDeadline, String token) {
    this.endpoint = endpoint;
    this.unaryDeadline = unaryDeadline;
    this.token = token;
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    CallOptions withDeadline = method.getType() == MethodDescriptor.MethodType.UNARY && options.getDeadline() == null
        ? options.withDeadlineAfter(unaryDeadline.toMillis(), TimeUnit.MILLISECONDS) : options;
    return new SimpleForwardingClientCall<>(next.newCall(method, withDeadline)) {
      @Override
      public void start(Listener<R> listener, Metadata headers) {
        if (token != null) {
          headers.put(AUTHORIZATION, "Bearer " + token);
        }
        super.start(new SimpleForwardingClientCallListener<>(listener) {
          @Override
          public void onClose(Status status, Metadata trailers) {
            super.onClose(named(status, method.getFullMethodName()), trailers);
          }
        }, headers);
      }
    };
  }

  /** UNAVAILABLE and DEADLINE_EXCEEDED come from the transport, which does not know what was called. */
  private Status named(Status status, String method) {
    if (status.getCode() != Status.Code.UNAVAILABLE && status.getCode() != Status.Code.DEADLINE_EXCEEDED) {
      return status;
    }
    String what = status.getCode() == Status.Code.DEADLINE_EXCEEDED
        ? "did not answer within " + unaryDeadline.toSeconds() + " s (--timeout)" : "is unavailable";
    return status.withDescription(method + " at " + endpoint + " " + what
        + (status.getDescription() == null ? "" : ": " + status.getDescription()));
  }
}
