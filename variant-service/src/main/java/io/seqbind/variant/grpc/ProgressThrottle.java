package io.seqbind.variant.grpc;

import java.time.Duration;

/**
 * Rate-limits a stream's progress messages (variant.proto promises one about every 2 s, not one per chunk);
 * the first one goes out at once. Not thread-safe: one per call.
 */
public final class ProgressThrottle {

  private final long intervalNanos;
  private long last = Long.MIN_VALUE;

  public ProgressThrottle(Duration interval) {
    this.intervalNanos = interval.toNanos();
  }

  /** Runs {@code send} when the interval has passed since the last message sent. */
  public void maybe(Runnable send) {
    long now = System.nanoTime();
    if (last == Long.MIN_VALUE || now - last >= intervalNanos) {
      last = now;
      send.run();
    }
  }
}
