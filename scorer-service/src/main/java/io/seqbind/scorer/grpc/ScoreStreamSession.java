package io.seqbind.scorer.grpc;

import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.seqbind.core.grpc.PacedStream;
import io.seqbind.core.seq.InputSequences;
import io.seqbind.proto.v1.ScoreOptions;
import io.seqbind.proto.v1.ScoreStreamHeader;
import io.seqbind.proto.v1.ScoreStreamRequest;
import io.seqbind.proto.v1.ScoreStreamResponse;
import io.seqbind.proto.v1.SequenceChunk;
import io.seqbind.scorer.runtime.ModelResolver;
import io.seqbind.scorer.runtime.SessionCache;
import io.seqbind.scorer.score.ScoredChunk;
import io.seqbind.scorer.score.SequenceScorer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * One ScoreStream call. Flow control follows the contract with manual inbound flow control: the server
 * asks gRPC for one message (the header), then for max_in_flight_chunks chunks, and for one more chunk
 * each time a response has been sent. A response is sent only while the transport is ready, so a client
 * that stops reading stops being read from, and the server holds at most max_in_flight_chunks chunks.
 * Responses leave in chunk order even when later chunks finish first.
 *
 * <p>What a client that never reads costs: with grpc-inprocess "ready" means the client has asked for a
 * message, so exactly max_in_flight_chunks chunks are scored. Over HTTP/2 the transport is ready while the
 * client's flow-control window (the client's own setting, which the server cannot see or shrink) and the
 * server's 32 kB send buffer have room, so answers fill that window first: measured with a 64 kB client
 * window and 4 kB answers, 27 chunks were scored and then nothing more (ScoreStreamBackpressureTest). The
 * memory the server holds for the stream stays max_in_flight_chunks chunks either way.
 *
 * <p>A client that stops reading for good would hold its models open and its answers in memory for as long as it
 * keeps the call: once an answer is ready but the transport is not, a timer is armed, and if no answer has left
 * when {@code maxStall} has passed since then, the call ends with DEADLINE_EXCEEDED
 * ({@link PacedStream#readerStopped}). One timer at a time, on the JDK's shared delay scheduler, running on the
 * request pool; a reader that keeps reading, however slowly, restarts the count with every answer.
 */
final class ScoreStreamSession implements StreamObserver<ScoreStreamRequest> {

  private final ServerCallStreamObserver<ScoreStreamResponse> call;
  private final Context context = Context.current();
  private final ModelResolver resolver;
  private final SessionCache cache;
  private final SequenceScorer scorer;
  private final Executor work;
  private final int maxInFlight;
  private final int maxPerChunk;
  private final Duration maxStall;

  // Written by onNext (serial) and read by pool threads: guarded by this.
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private boolean headerSeen;
  private List<SessionCache.Lease> leases; // set once the header's models are open
  private ScoreOptions options;
  private long nextIndex;
  private long messages;
  private int running; // chunks being scored
  private boolean halfClosed;
  private boolean finished;
  private boolean released;
  private long stalledSince; // System.nanoTime() when an answer was first held back, 0 while none is
  private boolean stallTimerArmed;

  ScoreStreamSession(ServerCallStreamObserver<ScoreStreamResponse> call, ModelResolver resolver,
      SessionCache cache, SequenceScorer scorer, Executor work, int maxInFlight, int maxPerChunk, Duration maxStall) {
    this.call = call;
    this.resolver = resolver;
    this.cache = cache;
    this.scorer = scorer;
    this.work = work;
    this.maxInFlight = maxInFlight;
    this.maxPerChunk = maxPerChunk;
    this.maxStall = maxStall;
  }

  /** Must run inside the service method, before it returns (gRPC's rule for disableAutoRequest). */
  void start() {
    call.disableAutoRequest();
    call.setOnReadyHandler(this::drain);
    call.setOnCancelHandler(this::cancelled);
    call.request(1); // the header
  }

  @Override
  public void onNext(ScoreStreamRequest message) {
    long number;
    synchronized (this) {
      if (finished) {
        return;
      }
      number = messages++;
    }
    switch (message.getPayloadCase()) {
      case HEADER -> onHeader(message.getHeader(), number);
      case CHUNK -> onChunk(message.getChunk(), number);
      default -> fail(Statuses.invalid("message " + number + " has neither a header nor a chunk"));
    }
  }

  private void onHeader(ScoreStreamHeader header, long number) {
    synchronized (this) {
      if (headerSeen) {
        fail(Statuses.invalid("message " + number + " is a second header; only the first message may be one"));
        return;
      }
      headerSeen = true;
    }
    try {
      ModelSelection.checkRefs(header.getModelsList());
    } catch (IllegalArgumentException e) {
      fail(Statuses.invalid("header: " + e.getMessage()));
      return;
    }
    // Opening models may read files and start sessions: not on a transport thread.
    work.execute(() -> {
      List<SessionCache.Lease> opened;
      try {
        opened = ModelSelection.open(header.getModelsList(), header.getAlphabet(), resolver, cache);
      } catch (RuntimeException e) {
        fail(Statuses.of(e));
        return;
      }
      synchronized (this) {
        leases = opened;
        options = header.getOptions();
        if (finished) {
          releaseIfIdle();
          return;
        }
      }
      call.request(maxInFlight);
      drain(); // a client that half-closed right after the header gets its OK now
    });
  }

  private void onChunk(SequenceChunk chunk, long number) {
    Pending p;
    List<SessionCache.Lease> models;
    ScoreOptions opts;
    InputSequences sequences;
    synchronized (this) {
      if (leases == null) {
        fail(Statuses.invalid("message " + number + " is a chunk, but the first message must be a header"));
        return;
      }
      try {
        sequences = InputSequences.of(chunk, "chunk in message " + number);
      } catch (IllegalArgumentException e) {
        fail(Statuses.invalid(e.getMessage()));
        return;
      }
      int count = sequences.size();
      if (count == 0) {
        fail(Statuses.invalid("chunk in message " + number + " has no sequences; send at least one"));
        return;
      }
      if (count > maxPerChunk) {
        fail(Statuses.invalid("chunk in message " + number + " has " + count
            + " sequences, more than max_sequences_per_request = " + maxPerChunk + "; send smaller chunks"));
        return;
      }
      p = new Pending(nextIndex, count);
      nextIndex += count;
      pending.addLast(p);
      running++;
      models = leases;
      opts = options;
    }
    work.execute(() -> {
      try {
        scorer.score(models, sequences, p.firstIndex, opts, this::isCancelled)
            .whenComplete((result, error) -> done(p, result, error));
      } catch (RuntimeException e) {
        done(p, null, e);
      }
    });
  }

  private void done(Pending p, ScoredChunk result, Throwable error) {
    synchronized (this) {
      p.result = result;
      p.error = error;
      p.done = true;
      running--;
    }
    drain();
  }

  /** Sends finished responses in order while the transport is ready; closes when all is answered. */
  private void drain() {
    synchronized (this) {
      if (finished) {
        releaseIfIdle();
        return;
      }
      while (!pending.isEmpty() && pending.peekFirst().done && call.isReady()) {
        Pending p = pending.pollFirst();
        if (p.error != null) {
          fail(Statuses.of(p.error));
          return;
        }
        call.onNext(ScoreStreamResponse.newBuilder()
            .setFirstIndex(p.firstIndex)
            .setCount(p.count)
            .addAllModels(p.result.models())
            .addAllErrors(p.result.errors())
            .build());
        stalledSince = 0;
        if (!halfClosed) {
          call.request(1); // one answered, one more may come in
        }
      }
      if (!pending.isEmpty() && pending.peekFirst().done) {
        heldBack();
      }
      if (halfClosed && pending.isEmpty() && (leases != null || !headerSeen)) {
        finished = true;
        if (!headerSeen) {
          call.onError(Statuses.invalid("the stream ended without a header"));
        } else {
          call.onCompleted();
        }
        releaseIfIdle();
      }
    }
  }

  /** An answer is ready and the transport is not: starts the stall count, and its timer. Holds this. */
  private void heldBack() {
    if (stalledSince == 0) {
      stalledSince = System.nanoTime();
    }
    if (!stallTimerArmed) {
      stallTimerArmed = true;
      long left = stalledSince + maxStall.toNanos() - System.nanoTime();
      CompletableFuture.delayedExecutor(Math.max(0, left), TimeUnit.NANOSECONDS, work).execute(this::stallTimerFired);
    }
  }

  private void stallTimerFired() {
    synchronized (this) {
      stallTimerArmed = false;
      if (finished || stalledSince == 0) {
        return;
      }
      if (System.nanoTime() - stalledSince < maxStall.toNanos()) {
        heldBack(); // answers left meanwhile and a later one is held back now: count from that one
        return;
      }
    }
    fail(PacedStream.readerStopped(maxStall));
  }

  @Override
  public void onError(Throwable t) {
    cancelled(); // the client cancelled or the transport failed: nobody is listening
  }

  @Override
  public void onCompleted() {
    synchronized (this) {
      halfClosed = true;
    }
    drain();
  }

  private void cancelled() {
    synchronized (this) {
      finished = true;
      releaseIfIdle();
    }
  }

  private synchronized boolean isCancelled() {
    return finished || context.isCancelled();
  }

  private void fail(StatusRuntimeException status) {
    synchronized (this) {
      if (finished) {
        return;
      }
      finished = true;
      pending.clear(); // no answer will be sent now: let them go
      try {
        call.onError(status);
      } catch (RuntimeException e) {
        // the call was cancelled meanwhile; nobody to tell
      }
      releaseIfIdle();
    }
  }

  /** Once the stream is over and no chunk is being scored, the models may be closed. Holds this. */
  private void releaseIfIdle() {
    if (finished && running == 0 && leases != null && !released) {
      released = true;
      ModelSelection.release(leases);
    }
  }

  private static final class Pending {
    final long firstIndex;
    final int count;
    boolean done;
    ScoredChunk result;
    Throwable error;

    Pending(long firstIndex, int count) {
      this.firstIndex = firstIndex;
      this.count = count;
    }
  }
}
