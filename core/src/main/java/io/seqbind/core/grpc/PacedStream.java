package io.seqbind.core.grpc;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;

/**
 * The sending side of a server stream whose messages are produced on a thread of the service's own (not gRPC's):
 * {@link #send} waits while the call is not ready, so a client that reads slowly or not at all pauses the
 * producer instead of making gRPC buffer every message in the server's memory.
 *
 * <p>Why a thread of its own: gRPC runs a call's onReady callback on the call's serialized executor, the one
 * the service method runs on; a producer that waited there would never see the callback. So the service
 * method only makes this object (which installs the call's onReady and onCancel handlers, as gRPC allows only
 * inside the service method) and hands the work to another thread, which calls {@link #send} for each message
 * and {@link #complete} or {@link #fail} at the end. The onReady handler wakes the waiting producer; the wait is
 * also timed ({@link #RECHECK_MILLIS}) so that a missed or never-delivered wake-up costs a short pause, never a
 * stall. Cancellation (the client gone, the deadline passed) wakes it too, and {@link #send} then throws
 * CANCELLED, which unwinds the producer: work stops at its next message.
 *
 * <p>A reader that stops for good would hold the producer (a thread, its open files, the scoring chunks it
 * keeps) for as long as the call lasts, which without a deadline is forever. So a send that has waited
 * {@code maxStall} without the call becoming ready once gives up: it throws DEADLINE_EXCEEDED, which the
 * producer passes on as the call's end, and the server is free again. A reader that takes its time but reads
 * (one message every few minutes) never trips it: the limit is on one wait, not on the call.
 *
 * <p>What "ready" means is the transport's: over HTTP/2 the client's flow-control window and the server's send
 * buffer have room; over grpc-inprocess the client has asked for a message it has not got yet (a blocking
 * stub asks for one at a time, so the stream goes at the reader's pace).
 *
 * <p>One producer thread calls send, complete and fail (the observer is not thread-safe); the handlers run on
 * gRPC's threads and only signal.
 */
public final class PacedStream<T> {

  /** Longest wait before readiness and cancellation are checked again without a signal. */
  static final long RECHECK_MILLIS = 100;

  private final ServerCallStreamObserver<T> call;
  private final Duration maxStall;
  private final Context context = Context.current();
  private final Object lock = new Object();
  private volatile boolean cancelled;
  private long waits;

  private PacedStream(ServerCallStreamObserver<T> call, Duration maxStall) {
    if (maxStall.isNegative() || maxStall.isZero()) {
      throw new IllegalArgumentException("maxStall must be positive, got " + maxStall);
    }
    this.call = call;
    this.maxStall = maxStall;
    call.setOnReadyHandler(this::signal);
    call.setOnCancelHandler(this::cancelled);
  }

  /**
   * Takes over {@code out}'s onReady and onCancel handlers: call it inside the service method, before it returns.
   *
   * @param maxStall longest one {@link #send} waits for a reader that reads nothing (then DEADLINE_EXCEEDED)
   * @throws IllegalArgumentException when {@code out} is not a server call's observer, or maxStall is not positive
   */
  public static <T> PacedStream<T> of(StreamObserver<T> out, Duration maxStall) {
    if (!(out instanceof ServerCallStreamObserver<T> call)) {
      throw new IllegalArgumentException("flow control needs the server call's own observer, got "
          + out.getClass().getName());
    }
    return new PacedStream<>(call, maxStall);
  }

  /**
   * Sends {@code message} once the call is ready, waiting as long as it takes.
   *
   * @throws StatusRuntimeException CANCELLED when the call is (or becomes, while waiting) cancelled, or the
   *     thread is interrupted (its interrupt flag stays set); DEADLINE_EXCEEDED when the call stayed not ready
   *     for maxStall
   */
  public void send(T message) {
    awaitReady();
    call.onNext(message);
  }

  private void awaitReady() {
    boolean waiting = false;
    long stalledSince = 0;
    synchronized (lock) {
      while (true) {
        if (isCancelled()) {
          throw Status.CANCELLED.withDescription("the client cancelled the call").asRuntimeException();
        }
        if (call.isReady()) {
          return;
        }
        long now = System.nanoTime();
        if (!waiting) {
          waiting = true;
          stalledSince = now;
          waits++;
        } else if (now - stalledSince >= maxStall.toNanos()) {
          throw readerStopped(maxStall);
        }
        try {
          lock.wait(Math.max(1, Math.min(RECHECK_MILLIS, (stalledSince + maxStall.toNanos() - now) / 1_000_000)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw Status.CANCELLED.withDescription("interrupted while the client was not reading").withCause(e)
              .asRuntimeException();
        }
      }
    }
  }

  /** The services' default limit for a reader that reads nothing (their stall-timeout settings). */
  public static final Duration DEFAULT_MAX_STALL = Duration.ofMinutes(5);

  /**
   * The status that ends a call whose client read no answer for {@code maxStall}: here, and for the scorer's
   * ScoreStream, which holds no thread while it waits but does hold models and answers.
   */
  public static StatusRuntimeException readerStopped(Duration maxStall) {
    return Status.DEADLINE_EXCEEDED.withDescription("the client read no answer for " + seconds(maxStall)
        + ", the server's limit for a reader that stopped; the call was ended to free the server")
        .asRuntimeException();
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() / 1000.0 + " s";
  }

  /** Ends the call with OK, unless it was cancelled. */
  public void complete() {
    if (!isCancelled()) {
      call.onCompleted();
    }
  }

  /** Ends the call with {@code status}, unless it was cancelled (nobody is listening then). */
  public void fail(StatusRuntimeException status) {
    if (isCancelled()) {
      return;
    }
    try {
      call.onError(status);
    } catch (RuntimeException e) {
      // cancelled between the check and the close: nobody to tell
    }
  }

  /** The client cancelled, the deadline passed, or the transport failed. */
  public boolean isCancelled() {
    return cancelled || call.isCancelled() || context.isCancelled();
  }

  /** Times {@link #send} found the call not ready and waited: how often the reader held the producer back. */
  public long waits() {
    synchronized (lock) {
      return waits;
    }
  }

  private void signal() {
    synchronized (lock) {
      lock.notifyAll();
    }
  }

  private void cancelled() {
    cancelled = true;
    signal();
  }
}
