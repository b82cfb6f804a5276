package io.seqbind.core.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** ResponseWindow against a hand-driven call: the test plays the server and checks what the reader asks for. */
class ResponseWindowTest {

  /** A client call that records what is asked of it. */
  static final class FakeCall extends ClientCallStreamObserver<String> {
    final List<Integer> requests = new ArrayList<>();
    int initial = -1;
    String cancelled;

    @Override
    public void disableAutoRequestWithInitial(int request) {
      initial = request;
    }

    @Override
    public void request(int count) {
      requests.add(count);
    }

    @Override
    public void cancel(String message, Throwable cause) {
      cancelled = message;
    }

    @Override
    public boolean isReady() {
      return true;
    }

    @Override
    public void setOnReadyHandler(Runnable onReadyHandler) {}

    @Override
    public void disableAutoInboundFlowControl() {}

    @Override
    public void setMessageCompression(boolean enable) {}

    @Override
    public void onNext(String value) {}

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onCompleted() {}
  }

  private static ResponseWindow<String, Integer> started(FakeCall call, int window) {
    return ResponseWindow.start((request, responses) -> responses.beforeStart(call), "request", window);
  }

  @Test
  void asksForTheWindowFirstAndForHalfAWindowEachTimeHalfIsRead() {
    FakeCall call = new FakeCall();
    ResponseWindow<String, Integer> responses = started(call, 4);
    assertEquals(4, call.initial);
    for (int i = 0; i < 4; i++) {
      responses.onNext(i);
    }
    assertEquals(0, responses.next());
    assertTrue(call.requests.isEmpty()); // one read: nothing asked yet
    assertEquals(1, responses.next());
    assertEquals(List.of(2), call.requests); // two of four read: two more
    responses.onNext(4);
    responses.onCompleted();
    List<Integer> rest = new ArrayList<>();
    responses.forEachRemaining(rest::add);
    assertEquals(List.of(2, 3, 4), rest);
    assertEquals(List.of(2, 2), call.requests);
    assertFalse(responses.hasNext());
    assertThrows(NoSuchElementException.class, responses::next);
    responses.close();
    assertEquals(null, call.cancelled); // the call ended: nothing to cancel
  }

  @Test
  void theCallsErrorIsThrownAfterTheMessagesBeforeIt() {
    FakeCall call = new FakeCall();
    ResponseWindow<String, Integer> responses = started(call, 8);
    StatusRuntimeException failure = Status.INVALID_ARGUMENT.withDescription("bad record").asRuntimeException();
    responses.onNext(7);
    responses.onError(failure);
    assertEquals(7, responses.next());
    assertSame(failure, assertThrows(StatusRuntimeException.class, responses::hasNext));
    // Not a StatusRuntimeException: turned into one with the same status.
    ResponseWindow<String, Integer> other = started(new FakeCall(), 8);
    other.onError(Status.UNAVAILABLE.withDescription("gone").asException());
    StatusRuntimeException unavailable = assertThrows(StatusRuntimeException.class, other::hasNext);
    assertEquals(Status.Code.UNAVAILABLE, unavailable.getStatus().getCode());
    assertEquals("gone", unavailable.getStatus().getDescription());
  }

  @Test
  void closingBeforeTheEndCancelsTheCall() {
    FakeCall call = new FakeCall();
    ResponseWindow<String, Integer> responses = started(call, 8);
    responses.onNext(1);
    assertEquals(1, responses.next());
    responses.close();
    assertEquals("the client stopped reading", call.cancelled);
  }

  @Test
  void anInterruptedReaderCancelsTheCallAndGetsCancelled() {
    FakeCall call = new FakeCall();
    ResponseWindow<String, Integer> responses = started(call, 8);
    Thread.currentThread().interrupt();
    try {
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class, responses::hasNext);
      assertEquals(Status.Code.CANCELLED, e.getStatus().getCode());
      assertTrue(Thread.currentThread().isInterrupted());
      assertEquals("the client stopped reading", call.cancelled);
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void refusesAWindowTooSmallToHalve() {
    assertThrows(IllegalArgumentException.class, () -> started(new FakeCall(), 1));
  }
}
