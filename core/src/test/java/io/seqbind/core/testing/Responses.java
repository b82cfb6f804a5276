package io.seqbind.core.testing;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * Every response of a server-streaming or bidirectional call, for tests: the messages as they arrive (readable
 * while they do), then the end. {@link #readingFirst} makes a reader with manual flow control that takes only
 * the messages it asks for ({@code call.request(n)}), to see how a server paces a client that stops reading.
 */
public final class Responses<Q, T> implements ClientResponseObserver<Q, T> {

  /** The messages so far, in order. */
  public final List<T> messages = new CopyOnWriteArrayList<>();
  /** Counted down when the call ends, either way. */
  public final CountDownLatch done = new CountDownLatch(1);
  /** The call's error, null if it has not failed. */
  public volatile Throwable error;
  /** The call, once started: a manual-flow-control reader asks for more through it, or cancels. */
  public volatile ClientCallStreamObserver<Q> call;

  /** Messages asked for at the start, or -1 for gRPC's automatic flow control. */
  private final int initial;

  /** Reads everything as it comes (automatic flow control). */
  public Responses() {
    this(-1);
  }

  private Responses(int initial) {
    this.initial = initial;
  }

  /** A reader that asks for {@code count} messages at the start and then only for what {@code call.request} asks. */
  public static <Q, T> Responses<Q, T> readingFirst(int count) {
    return new Responses<>(count);
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<Q> requestStream) {
    call = requestStream;
    if (initial >= 0) {
      requestStream.disableAutoRequestWithInitial(initial);
    }
  }

  @Override
  public void onNext(T value) {
    messages.add(value);
  }

  @Override
  public void onError(Throwable t) {
    error = t;
    done.countDown();
  }

  @Override
  public void onCompleted() {
    done.countDown();
  }
}
