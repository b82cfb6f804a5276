package io.seqbind.scorer.batching;

import io.seqbind.core.concurrent.DaemonThreads;
import io.seqbind.scorer.ScorerMetrics;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Merges the work of concurrent callers into forward passes. Work is queued per lane, a lane being one
 * model (by identity) and one sequence length: an ONNX input {@code [N, 4, L]} has a single L, and padding
 * would change the scores.
 *
 * <p>Batching never makes a caller wait for a worker that is free: a worker that is idle takes whatever its
 * lane holds at that moment, even a single sequence, so one caller alone sees the latency of batching off.
 * Work waits only while every worker is busy, and there it waits in its lane, where later arrivals join it;
 * a worker that finishes takes the oldest lane whole (up to the batch bounds). The busier the scorer, the
 * larger its batches, and no batch is ever held back to grow. {@code maxWait} is the one exception, for
 * devices that want full batches (a GPU): when it is above zero, a lane with fewer than {@code maxBatchSize}
 * rows is held until its oldest piece has waited that long, while another worker is busy; with every
 * worker idle nothing is held.
 *
 * <p>Each submission is cut into pieces of at most {@code maxBatchSize} sequences and {@code maxBatchBases}
 * bases; a piece is never split across batches, and a batch takes pieces in arrival order, so a caller's rows
 * come back in its order and each row's score is the model's score for that row alone (the forward pass is
 * row-independent).
 *
 * <p>Preferred batch sizes (as Triton's {@code preferred_batch_size}; none by default) are the sizes a
 * forward pass should have, e.g. those an accelerator's kernels or a CPU's caches suit best. With them, a
 * worker takes the largest preferred size that the lane's queued rows reach (within the bounds above), and
 * submissions are cut into pieces of at most the largest preferred size; a lane holding fewer rows than the
 * smallest preferred size still runs at once on an idle worker (nothing is held back, unless {@code maxWait}
 * asks for it, and then a lane counts as full at the largest preferred size). A batch may exceed its target
 * only by a piece that is larger on its own, and falls short of it when a piece does not fit whole.
 *
 * <p>Memory is bounded: sequences and bases are counted from submission until their batch finishes, and a
 * submission that would exceed {@code maxQueued} sequences or {@code maxQueuedBases} bases is refused with
 * {@link QueueFullException}; a forward pass never holds more than {@code maxBatchBases} bases (one
 * sequence alone excepted), which bounds the pass's input buffer and ONNX Runtime's memory arena. A piece
 * whose caller has gone (the {@code cancelled} test) is dropped when its batch is formed rather than run.
 */
public final class DynamicBatcher implements AutoCloseable {

  private final int maxBatchSize;
  private final long maxWaitNanos;
  private final int maxQueued;
  private final long maxBatchBases;
  private final long maxQueuedBases;
  private final int threads;
  /** Ascending, each in 1..maxBatchSize; empty: none. */
  private final int[] preferredSizes;
  private final ScorerMetrics metrics;
  private final AtomicLong queued = new AtomicLong();
  private final AtomicLong queuedBases = new AtomicLong();
  private final ExecutorService workers;
  private final ScheduledExecutorService timer;
  /** Guards the lanes, the idle count and the timer. */
  private final Object lock = new Object();
  private final Map<LaneKey, Lane> lanes = new HashMap<>();
  private int idleWorkers;
  private ScheduledFuture<?> wakeUp;
  private long wakeUpAt;
  private volatile boolean closed;

  public DynamicBatcher(int maxBatchSize, Duration maxWait, int maxQueued, int threads, ScorerMetrics metrics) {
    this(maxBatchSize, maxWait, maxQueued, Long.MAX_VALUE, Long.MAX_VALUE, threads, metrics);
  }

  public DynamicBatcher(int maxBatchSize, Duration maxWait, int maxQueued, long maxBatchBases, long maxQueuedBases,
      int threads, ScorerMetrics metrics) {
    this(maxBatchSize, List.of(), maxWait, maxQueued, maxBatchBases, maxQueuedBases, threads, metrics);
  }

  /** @param preferredSizes preferred rows per forward pass, each in 1..maxBatchSize (any order; empty: none) */
  public DynamicBatcher(int maxBatchSize, List<Integer> preferredSizes, Duration maxWait, int maxQueued,
      long maxBatchBases, long maxQueuedBases, int threads, ScorerMetrics metrics) {
    if (maxBatchSize < 1 || maxQueued < 1 || threads < 1 || maxBatchBases < 1 || maxQueuedBases < 1) {
      throw new IllegalArgumentException("maxBatchSize, maxQueued, maxBatchBases, maxQueuedBases and threads must "
          + "be >= 1");
    }
    this.preferredSizes = preferredSizes.stream().mapToInt(Integer::intValue).sorted().distinct().toArray();
    for (int p : this.preferredSizes) {
      if (p < 1 || p > maxBatchSize) {
        throw new IllegalArgumentException("preferred batch sizes must be within 1.." + maxBatchSize
            + " (the max batch size), got " + p);
      }
    }
    this.maxBatchBases = maxBatchBases;
    this.maxQueuedBases = maxQueuedBases;
    this.threads = threads;
    this.maxBatchSize = maxBatchSize;
    this.maxWaitNanos = maxWait.toNanos();
    this.maxQueued = maxQueued;
    this.metrics = metrics;
    this.idleWorkers = threads;
    this.workers = Executors.newFixedThreadPool(threads, DaemonThreads.named("scorer-batch"));
    this.timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("scorer-batch-timer"));
  }


  public int maxBatchSize() {
    return maxBatchSize;
  }

  /** Sequences submitted and not yet finished. */
  public long queuedSequences() {
    return queued.get();
  }

  /** Bases of the sequences submitted and not yet finished. */
  public long queuedBases() {
    return queuedBases.get();
  }

  /**
   * Queues {@code n} sequences of one length for {@code model}.
   *
   * @param model     the lane's model; batches only merge work for the same object
   * @param fn        the forward pass of {@code model}
   * @param channels  {@code n * length} one-hot channels ({@link io.seqbind.core.seq.OneHot#channels}), row i at
   *                  {@code i * length}; not modified or kept after the future completes
   * @param cancelled true once the caller no longer wants the result
   * @return the {@code n * T} scores of these sequences in order
   * @throws QueueFullException when the batcher holds too many sequences already
   */
  public CompletableFuture<float[]> submit(Object model, BatchFunction fn, int length, byte[] channels, int n,
      BooleanSupplier cancelled) {
    Objects.requireNonNull(model, "model");
    if (n < 1 || length < 1 || channels.length != (long) n * length) {
      throw new IllegalArgumentException("input must hold n * length channels (n=" + n + ", length=" + length
          + "), got " + channels.length);
    }
    if (closed) {
      throw new RejectedExecutionException("the scorer is shutting down");
    }
    long bases = (long) n * length;
    if (queued.addAndGet(n) > maxQueued) {
      queued.addAndGet(-n);
      throw new QueueFullException("the scorer's queue is full (" + maxQueued + " sequences waiting or running); "
          + "retry with backoff");
    }
    if (queuedBases.addAndGet(bases) > maxQueuedBases) {
      queued.addAndGet(-n);
      queuedBases.addAndGet(-bases);
      throw new QueueFullException("the scorer's queue is full (" + maxQueuedBases + " bases waiting or running, "
          + "this work adds " + bases + "); retry with backoff or send less at once");
    }
    LaneKey key = new LaneKey(model, length);
    List<CompletableFuture<float[]>> parts = new ArrayList<>();
    int perPiece = fullBatch(length);
    for (int start = 0; start < n; start += perPiece) {
      int count = Math.min(perPiece, n - start);
      Piece piece = new Piece(channels, start * length, count, cancelled, System.nanoTime());
      parts.add(piece.result);
      enqueue(key, fn, piece);
    }
    if (parts.size() == 1) {
      return parts.get(0);
    }
    return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(v -> {
      int total = 0;
      for (CompletableFuture<float[]> p : parts) {
        total += p.join().length;
      }
      float[] all = new float[total];
      int at = 0;
      for (CompletableFuture<float[]> p : parts) {
        float[] part = p.join();
        System.arraycopy(part, 0, all, at, part.length);
        at += part.length;
      }
      return all;
    });
  }

  /** Most rows of this length in one forward pass: maxBatchSize, fewer for long sequences, at least one. */
  private int rowsPerBatch(int length) {
    return (int) Math.max(1, Math.min(maxBatchSize, maxBatchBases / length));
  }

  /** The largest preferred size within {@code limit}, or 0 when none is (or none is set). */
  private int preferredWithin(int limit) {
    int best = 0;
    for (int p : preferredSizes) {
      if (p <= limit) {
        best = p;
      }
    }
    return best;
  }

  /**
   * Rows of a full batch of this length: the largest preferred size within the bounds, else the bounds. Also
   * the largest piece a submission is cut into.
   */
  private int fullBatch(int length) {
    int most = rowsPerBatch(length);
    int preferred = preferredWithin(most);
    return preferred > 0 ? preferred : most;
  }

  /**
   * Rows the next batch of this lane aims at: all it holds up to a full batch, rounded down to a preferred size
   * when the rows reach one.
   */
  private int target(Lane lane) {
    int rows = Math.min(lane.queuedRows, fullBatch(lane.key.length));
    int preferred = preferredWithin(rows);
    return preferred > 0 ? preferred : rows;
  }

  private void enqueue(LaneKey key, BatchFunction fn, Piece piece) {
    synchronized (lock) {
      Lane lane = lanes.computeIfAbsent(key, k -> new Lane(k, fn));
      lane.queue.addLast(piece);
      lane.queuedRows += piece.n;
      pump();
    }
  }

  /**
   * Hands ready lanes to idle workers, oldest first, then arms the timer for the next lane that will become
   * ready by waiting. Holds the lock.
   */
  private void pump() {
    long now = System.nanoTime();
    while (idleWorkers > 0 && !closed) {
      Lane lane = oldestReady(now);
      if (lane == null) {
        break;
      }
      List<Piece> batch = take(lane);
      if (lane.queue.isEmpty()) {
        lanes.remove(lane.key);
      }
      if (batch.isEmpty()) {
        continue; // every piece's caller had gone
      }
      idleWorkers--;
      try {
        workers.execute(() -> {
          try {
            run(lane, batch, rows(batch));
          } finally {
            synchronized (lock) {
              idleWorkers++;
              pump();
            }
          }
        });
      } catch (RejectedExecutionException e) {
        idleWorkers++;
        fail(batch, lane.key.length, e);
      }
    }
    armTimer(now);
  }

  /**
   * A lane runs as soon as a worker is free, unless maxWait asks to hold small batches and some worker is
   * busy (so one will free up soon and the lane keeps growing meanwhile). Holds the lock.
   */
  private boolean ready(Lane lane, long now) {
    return maxWaitNanos == 0 || idleWorkers == threads || lane.queuedRows >= fullBatch(lane.key.length)
        || now - lane.queue.peekFirst().enqueuedNanos >= maxWaitNanos;
  }

  private Lane oldestReady(long now) {
    Lane oldest = null;
    for (Lane lane : lanes.values()) {
      if (ready(lane, now) && (oldest == null
          || lane.queue.peekFirst().enqueuedNanos < oldest.queue.peekFirst().enqueuedNanos)) {
        oldest = lane;
      }
    }
    return oldest;
  }

  /**
   * Wakes the batcher when the oldest waiting lane's wait is over. Lanes that are ready already need no
   * timer: they run as soon as a worker finishes. Holds the lock.
   */
  private void armTimer(long now) {
    long due = Long.MAX_VALUE;
    for (Lane lane : lanes.values()) {
      if (!ready(lane, now)) {
        due = Math.min(due, lane.queue.peekFirst().enqueuedNanos + maxWaitNanos);
      }
    }
    if (due == Long.MAX_VALUE || (wakeUp != null && wakeUpAt <= due) || closed) {
      return;
    }
    if (wakeUp != null) {
      wakeUp.cancel(false);
    }
    wakeUpAt = due;
    wakeUp = timer.schedule(() -> {
      synchronized (lock) {
        wakeUp = null;
        pump();
      }
    }, Math.max(0, due - now), TimeUnit.NANOSECONDS);
  }

  /** Takes up to the lane's target rows of pieces from its head, dropping those whose caller left. */
  private List<Piece> take(Lane lane) {
    List<Piece> batch = new ArrayList<>();
    int rows = 0;
    int most = target(lane);
    while (!lane.queue.isEmpty()) {
      Piece next = lane.queue.peekFirst();
      if (!batch.isEmpty() && rows + next.n > most) {
        break;
      }
      lane.queue.pollFirst();
      lane.queuedRows -= next.n;
      if (next.cancelled.getAsBoolean()) {
        done(next, lane.key.length);
        next.result.completeExceptionally(new CancellationException("the caller cancelled"));
        continue;
      }
      batch.add(next);
      rows += next.n;
    }
    return batch;
  }

  private static int rows(List<Piece> batch) {
    int rows = 0;
    for (Piece p : batch) {
      rows += p.n;
    }
    return rows;
  }

  private void run(Lane lane, List<Piece> batch, int rows) {
    int length = lane.key.length;
    long start = System.nanoTime();
    for (Piece p : batch) {
      metrics.queueWait().record(start - p.enqueuedNanos, TimeUnit.NANOSECONDS);
    }
    try {
      byte[] channels;
      Piece first = batch.get(0);
      if (batch.size() == 1 && first.offset == 0 && first.channels.length == rows * length) {
        channels = first.channels;
      } else {
        channels = new byte[rows * length];
        int at = 0;
        for (Piece p : batch) {
          System.arraycopy(p.channels, p.offset, channels, at, p.n * length);
          at += p.n * length;
        }
      }
      float[] out = lane.fn.run(channels, rows, length);
      metrics.inference().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      metrics.batchSize().record(rows);
      metrics.sequencesScored().increment(rows);
      if (out == null || out.length == 0 || out.length % rows != 0) {
        throw new IllegalStateException("the model returned " + (out == null ? "nothing" : out.length + " values")
            + " for " + rows + " sequences; expected a multiple of " + rows);
      }
      int width = out.length / rows;
      int at = 0;
      for (Piece p : batch) {
        float[] mine = new float[p.n * width];
        System.arraycopy(out, at, mine, 0, mine.length);
        at += mine.length;
        done(p, length);
        p.result.complete(mine);
      }
    } catch (Throwable e) {
      fail(batch, length, e);
    }
  }

  /** A piece leaves the queue's count (run, failed or dropped). */
  private void done(Piece p, int length) {
    queued.addAndGet(-p.n);
    queuedBases.addAndGet(-(long) p.n * length);
  }

  private void fail(List<Piece> batch, int length, Throwable e) {
    for (Piece p : batch) {
      if (!p.result.isDone()) {
        done(p, length);
        p.result.completeExceptionally(e);
      }
    }
  }

  /** Stops the threads; work not yet run fails with a RejectedExecutionException. */
  @Override
  public void close() {
    closed = true;
    timer.shutdownNow();
    synchronized (lock) {
      for (Lane lane : lanes.values()) {
        fail(new ArrayList<>(lane.queue), lane.key.length,
            new RejectedExecutionException("the scorer is shutting down"));
        lane.queue.clear();
      }
      lanes.clear();
    }
    workers.shutdown();
    try {
      if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** Model identity (not equals: a reloaded model is another lane) and length. */
  private record LaneKey(Object model, int length) {
    @Override
    public boolean equals(Object o) {
      return o instanceof LaneKey k && k.model == model && k.length == length;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(model) * 31 + length;
    }
  }

  private static final class Lane {
    final LaneKey key;
    final BatchFunction fn;
    final ArrayDeque<Piece> queue = new ArrayDeque<>();
    int queuedRows;

    Lane(LaneKey key, BatchFunction fn) {
      this.key = key;
      this.fn = fn;
    }
  }

  private static final class Piece {
    final byte[] channels;
    final int offset;
    final int n;
    final BooleanSupplier cancelled;
    final long enqueuedNanos;
    final CompletableFuture<float[]> result = new CompletableFuture<>();

    Piece(byte[] channels, int offset, int n, BooleanSupplier cancelled, long enqueuedNanos) {
      this.channels = channels;
      this.offset = offset;
      this.n = n;
      this.cancelled = cancelled;
      this.enqueuedNanos = enqueuedNanos;
    }
  }
}
