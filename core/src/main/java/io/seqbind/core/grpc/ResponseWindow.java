package io.seqbind.core.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BiConsumer;

/**
 * A server stream's responses as a blocking iterator, like a blocking stub's, but with up to {@code window}
 * messages asked for at once instead of one: the client still holds at most {@code window} unread messages
 * (flow control stays on), while a paced server ({@link PacedStream}) is not held back after every single
 * message. That matters where "ready" means "the client has asked for a message" (grpc-inprocess): with a
 * blocking stub each message there costs a round of thread hand-offs (the reader asks, the server's onReady
 * runs, the producer wakes, the message travels back).
 *
 * <p>More messages are asked for each time half the window has been read. Errors are thrown from
 * {@link #hasNext} as the StatusRuntimeException the call ended with. {@link #close} cancels a call that has
 * not ended (a reader that stops early), so the server stops too.
 */
public final class ResponseWindow<Req, T> implements ClientResponseObserver<Req, T>, Iterator<T>, AutoCloseable {

  private static final Object END = new Object();

  /** The call's error, queued after its last message. */
  private record Failure(Throwable error) {}

  private final int window;
  private final int batch;
  /** Never more than window messages plus the end: the server may send only what was asked for. */
  private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private volatile ClientCallStreamObserver<Req> call;
  private Object next;
  private boolean ended;
  private int readSinceRequest;

  private ResponseWindow(int window) {
    if (window < 2) {
      throw new IllegalArgumentException("window must be >= 2, got " + window);
    }
    this.window = window;
    this.batch = window / 2;
  }

  /**
   * Starts the call: {@code method} is an async stub's server-streaming method, e.g. {@code stub::scoreVcf}.
   *
   * @param window the most messages asked for and not yet read
   */
  public static <Req, T> ResponseWindow<Req, T> start(BiConsumer<Req, ResponseWindow<Req, T>> method, Req request,
      int window) {
    ResponseWindow<Req, T> responses = new ResponseWindow<>(window);
    method.accept(request, responses);
    return responses;
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<Req> requestStream) {
    call = requestStream;
    requestStream.disableAutoRequestWithInitial(window);
  }

  @Override
  public void onNext(T value) {
    queue.add(value);
  }

  @Override
  public void onError(Throwable t) {
    queue.add(new Failure(t));
  }

  @Override
  public void onCompleted() {
    queue.add(END);
  }

  /** @throws StatusRuntimeException the status the call failed with (CANCELLED when this thread is interrupted) */
  @Override
  public boolean hasNext() {
    if (next == null) {
      try {
        next = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        close();
        throw Status.CANCELLED.withDescription("interrupted while waiting for the server").withCause(e)
            .asRuntimeException();
      }
    }
    if (next == END) {
      ended = true;
      return false;
    }
    if (next instanceof Failure f) {
      ended = true;
      throw f.error() instanceof StatusRuntimeException s ? s
          : Status.fromThrowable(f.error()).asRuntimeException(Status.trailersFromThrowable(f.error()));
    }
    return true;
  }

  @SuppressWarnings("unchecked")
  @Override
  public T next() {
    if (!hasNext()) {
      throw new NoSuchElementException("the stream has ended");
    }
    T value = (T) next;
    next = null;
    if (++readSinceRequest == batch) {
      readSinceRequest = 0;
      call.request(batch);
    }
    return value;
  }

  /** Cancels the call unless it has ended: the server stops producing. */
  @Override
  public void close() {
    if (!ended && call != null) {
      ended = true;
      call.cancel("the client stopped reading", null);
    }
  }
}
