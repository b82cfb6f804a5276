package io.seqbind.core.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** PacedStream against a hand-driven call: readiness and cancellation are switched by the test. */
class PacedStreamTest {

  static final Duration HOUR = Duration.ofHours(1);

  /** A server call whose readiness the test sets; it records what was sent and how the call ended. */
  static final class FakeCall extends ServerCallStreamObserver<String> {
    final List<String> sent = new CopyOnWriteArrayList<>();
    volatile boolean ready;
    /** A transport with room for one message: each send uses it up until the reader reads. */
    volatile boolean oneAtATime;
    volatile boolean cancelled;
    volatile Runnable onReady;
    volatile Runnable onCancel;
    volatile String end;

    /** What gRPC does when the client asks for more: the transport turns ready and the handler runs. */
    void becomeReady() {
      ready = true;
      onReady.run();
    }

    void cancel() {
      cancelled = true;
      onCancel.run();
    }

    @Override
    public boolean isReady() {
      return ready;
    }

    @Override
    public boolean isCancelled() {
      return cancelled;
    }

    @Override
    public void setOnReadyHandler(Runnable handler) {
      onReady = handler;
    }

    @Override
    public void setOnCancelHandler(Runnable handler) {
      onCancel = handler;
    }

    @Override
    public void setCompression(String compression) {}

    @Override
    public void disableAutoInboundFlowControl() {}

    @Override
    public void request(int count) {}

    @Override
    public void setMessageCompression(boolean enable) {}

    @Override
    public void onNext(String value) {
      if (end != null) {
        throw new IllegalStateException("sent after the end");
      }
      sent.add(value);
      if (oneAtATime) {
        ready = false;
      }
    }

    @Override
    public void onError(Throwable t) {
      if (end != null) {
        throw new IllegalStateException("call already closed");
      }
      end = Status.fromThrowable(t).getCode().name();
    }

    @Override
    public void onCompleted() {
      if (end != null) {
        throw new IllegalStateException("call already closed");
      }
      end = "OK";
    }
  }

  /** A producer sending {@code message} on another thread, once it has found the call not ready and waits. */
  private static CompletableFuture<Void> waitingToSend(PacedStream<String> out, String message)
      throws InterruptedException {
    CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> out.send(message));
    while (out.waits() == 0) {
      Thread.sleep(1);
    }
    return producer;
  }

  @Test
  void sendsAtOnceWhileReadyAndWaitsForTheReadySignalOtherwise() throws Exception {
    FakeCall call = new FakeCall();
    PacedStream<String> out = PacedStream.of(call, HOUR);
    call.ready = true;
    out.send("a");
    assertEquals(List.of("a"), call.sent);
    assertEquals(0, out.waits());

    call.ready = false;
    CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
      out.send("b");
      out.send("c");
      out.complete();
    });
    Thread.sleep(3 * PacedStream.RECHECK_MILLIS); // several rechecks: still not ready, nothing goes out
    assertEquals(List.of("a"), call.sent);
    assertFalse(producer.isDone());
    assertTrue(out.waits() >= 1);
    call.becomeReady();
    producer.get(5, TimeUnit.SECONDS);
    assertEquals(List.of("a", "b", "c"), call.sent);
    assertEquals("OK", call.end);
  }

  @Test
  void theWakeUpComesFromTheReadyHandlerNotFromPolling() throws Exception {
    FakeCall call = new FakeCall();
    PacedStream<String> out = PacedStream.of(call, HOUR);
    CompletableFuture<Void> producer = waitingToSend(out, "x");
    long start = System.nanoTime();
    call.becomeReady();
    producer.get(5, TimeUnit.SECONDS);
    // Well under the recheck interval: the handler's notify woke it (allowing for a busy machine's scheduling).
    assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(PacedStream.RECHECK_MILLIS) * 5);
    assertEquals(List.of("x"), call.sent);
  }

  @Test
  void aReadinessNobodySignalsIsFoundByTheRecheck() throws Exception {
    FakeCall call = new FakeCall();
    PacedStream<String> out = PacedStream.of(call, HOUR);
    CompletableFuture<Void> producer = waitingToSend(out, "x");
    call.ready = true; // no handler call: a transport that never says so
    producer.get(5, TimeUnit.SECONDS);
    assertEquals(List.of("x"), call.sent);
  }

  @Test
  void cancellationWakesAWaitingProducerWithCancelledAndEndsNothingTwice() throws Exception {
    FakeCall call = new FakeCall();
    PacedStream<String> out = PacedStream.of(call, HOUR);
    CompletableFuture<Void> producer = waitingToSend(out, "x");
    call.cancel();
    Exception e = assertThrows(Exception.class, () -> producer.get(5, TimeUnit.SECONDS));
    assertEquals(Status.Code.CANCELLED, Status.fromThrowable(e.getCause()).getCode());
    assertTrue(call.sent.isEmpty());
    assertTrue(out.isCancelled());
    out.fail(Status.INTERNAL.asRuntimeException());
    out.complete();
    assertNull(call.end); // nobody is listening: the call is not closed again
    call.ready = true;
    assertEquals(Status.Code.CANCELLED,
        assertThrows(StatusRuntimeException.class, () -> out.send("y")).getStatus().getCode());
  }

  @Test
  void anInterruptedProducerStopsWithCancelledAndKeepsItsInterruptFlag() throws Exception {
    FakeCall call = new FakeCall();
    PacedStream<String> out = PacedStream.of(call, HOUR);
    CompletableFuture<Boolean> flag = new CompletableFuture<>();
    Thread producer = new Thread(() -> {
      try {
        out.send("x");
        flag.complete(false);
      } catch (StatusRuntimeException e) {
        flag.complete(e.getStatus().getCode() == Status.Code.CANCELLED && Thread.currentThread().isInterrupted());
      }
    });
    producer.start();
    while (out.waits() == 0) {
      Thread.sleep(1);
    }
    producer.interrupt();
    assertTrue(flag.get(5, TimeUnit.SECONDS));
    assertTrue(call.sent.isEmpty());
  }

  @Test
  void aReaderThatStopsForMaxStallEndsTheSendWithDeadlineExceeded() throws Exception {
    FakeCall call = new FakeCall();
    PacedStream<String> out = PacedStream.of(call, Duration.ofMillis(250));
    call.ready = true;
    out.send("a");
    call.ready = false;
    long start = System.nanoTime();
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> out.send("b"));
    long waitedMillis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().contains("read no answer for 0.25 s"), e.getStatus().getDescription());
    assertTrue(waitedMillis >= 250 && waitedMillis < 5000, waitedMillis + " ms");
    assertEquals(List.of("a"), call.sent);
    out.fail(e);
    assertEquals("DEADLINE_EXCEEDED", call.end);
  }

  @Test
  void theStallLimitIsPerWaitSoASlowReaderThatReadsIsNeverCutOff() throws Exception {
    FakeCall call = new FakeCall();
    call.oneAtATime = true;
    PacedStream<String> out = PacedStream.of(call, Duration.ofMillis(300));
    CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
      for (int i = 0; i < 4; i++) {
        out.send("m" + i);
      }
    });
    for (int i = 0; i < 4; i++) { // one message every 200 ms: 800 ms in all, each wait under 300 ms
      Thread.sleep(200);
      call.becomeReady();
      while (call.sent.size() <= i) {
        Thread.sleep(1);
      }
    }
    producer.get(5, TimeUnit.SECONDS);
    assertEquals(List.of("m0", "m1", "m2", "m3"), call.sent);
  }

  @Test
  void refusesANonPositiveStallLimit() {
    assertThrows(IllegalArgumentException.class, () -> PacedStream.of(new FakeCall(), Duration.ZERO));
  }

  @Test
  void failEndsTheCallWithTheStatus() {
    FakeCall call = new FakeCall();
    PacedStream<String> out = PacedStream.of(call, HOUR);
    out.fail(Status.INVALID_ARGUMENT.withDescription("bad").asRuntimeException());
    assertEquals("INVALID_ARGUMENT", call.end);
  }

  @Test
  void refusesAnObserverThatIsNotAServerCall() {
    StreamObserver<String> plain = new StreamObserver<>() {
      @Override
      public void onNext(String value) {}

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {}
    };
    assertThrows(IllegalArgumentException.class, () -> PacedStream.of(plain, HOUR));
  }
}
