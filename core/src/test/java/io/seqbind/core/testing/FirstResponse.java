package io.seqbind.core.testing;

import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;

/**
 * A client-streaming call's one response as a future, for tests: it completes with the response, fails with the
 * call's error, and fails too when the call completes without a response.
 */
public final class FirstResponse<T> implements StreamObserver<T> {

  private final CompletableFuture<T> future = new CompletableFuture<>();

  /** The response, or the call's failure. */
  public CompletableFuture<T> future() {
    return future;
  }

  @Override
  public void onNext(T value) {
    future.complete(value);
  }

  @Override
  public void onError(Throwable t) {
    future.completeExceptionally(t);
  }

  @Override
  public void onCompleted() {
    // Does nothing once the response has come.
    future.completeExceptionally(new AssertionError("the call completed without a response"));
  }
}
