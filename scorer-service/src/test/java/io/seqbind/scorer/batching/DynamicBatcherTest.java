package io.seqbind.scorer.batching;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.seqbind.scorer.ScorerMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The batcher with a fake forward pass whose output is known exactly: each input row is filled with one
 * integer v, and the fake returns two columns per row, {@code sum of cells} = 4 L v and {@code L}. Integers
 * this small are exact in float, so every assertion is an equality.
 */
class DynamicBatcherTest {

  private final List<String> batches = new CopyOnWriteArrayList<>(); // "n@L" per forward pass
  private DynamicBatcher batcher;

  private final BatchFunction fake = (input, n, length) -> {
    batches.add(n + "@" + length);
    float[] out = new float[2 * n];
    for (int r = 0; r < n; r++) {
      out[2 * r] = marker(input, r * length, length);
      out[2 * r + 1] = length;
    }
    return out;
  };

  private DynamicBatcher batcher(int max, Duration wait, int maxQueued) {
    batcher = new DynamicBatcher(max, wait, maxQueued, 2, new ScorerMetrics(new SimpleMeterRegistry()));
    return batcher;
  }

  @AfterEach
  void close() {
    if (batcher != null) {
      batcher.close();
    }
  }

  /**
   * Rows of length L, each marked with its value, little-endian in its first bytes (the batcher moves channel
   * bytes without reading them, so any bytes can mark a row).
   */
  private static byte[] rows(int length, int... values) {
    byte[] input = new byte[values.length * length];
    for (int r = 0; r < values.length; r++) {
      int bytes = Math.min(length, 3);
      if (values[r] >>> (8 * bytes) != 0) {
        throw new IllegalArgumentException(values[r] + " does not fit a row of " + length);
      }
      for (int b = 0; b < bytes; b++) {
        input[r * length + b] = (byte) (values[r] >>> (8 * b));
      }
    }
    return input;
  }

  /** The value {@link #rows} marked the row at {@code from} with. */
  private static float marker(byte[] input, int from, int length) {
    int value = 0;
    for (int b = 0; b < Math.min(length, 3); b++) {
      value |= (input[from + b] & 0xFF) << (8 * b);
    }
    return value;
  }

  /** What the fake must return for those rows. */
  private static float[] expected(int length, int... values) {
    float[] out = new float[2 * values.length];
    for (int r = 0; r < values.length; r++) {
      out[2 * r] = values[r];
      out[2 * r + 1] = length;
    }
    return out;
  }

  private CompletableFuture<float[]> submit(Object model, int length, int... values) {
    return batcher.submit(model, fake, length, rows(length, values), values.length, () -> false);
  }

  /**
   * Holds both workers on other models until {@code release} with a full batch each (full, so that a
   * maxWait cannot hold them back); returns their results.
   */
  private List<CompletableFuture<float[]>> occupyBothWorkers(CountDownLatch release) throws Exception {
    CountDownLatch blocking = new CountDownLatch(2);
    BatchFunction slow = (input, n, length) -> {
      blocking.countDown();
      release.await(10, TimeUnit.SECONDS);
      return fake.run(input, n, length);
    };
    int full = batcher.maxBatchSize();
    List<CompletableFuture<float[]>> held = List.of(
        batcher.submit(new Object(), slow, 9, rows(9, new int[full]), full, () -> false),
        batcher.submit(new Object(), slow, 9, rows(9, new int[full]), full, () -> false));
    assertTrue(blocking.await(5, TimeUnit.SECONDS));
    return held;
  }

  @Test
  void anIdleWorkerRunsASingleSequenceAtOnceWhateverMaxWaitSays() throws Exception {
    batcher(1024, Duration.ofSeconds(30), 100);
    long start = System.nanoTime();
    assertArrayEquals(expected(3, 5), submit(new Object(), 3, 5).get(5, TimeUnit.SECONDS));
    assertTrue(System.nanoTime() - start < 1_000_000_000L, "held back although every worker was idle");
    assertEquals(List.of("1@3"), batches);
  }

  /**
   * Queues one-row calls with the values 1..n for {@code model} behind the held workers, releases them, and checks
   * that every call gets its own row back and the held calls finish.
   */
  private void queueReleaseAndCheck(Object model, int length, int n, CountDownLatch release,
      List<CompletableFuture<float[]>> held) throws Exception {
    List<CompletableFuture<float[]>> calls = new ArrayList<>();
    for (int v = 1; v <= n; v++) {
      calls.add(submit(model, length, v));
    }
    release.countDown();
    for (int v = 1; v <= n; v++) {
      assertArrayEquals(expected(length, v), calls.get(v - 1).get(5, TimeUnit.SECONDS));
    }
    for (CompletableFuture<float[]> f : held) {
      f.get(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void aFullBatchRunsAtOnceWithoutWaitingForTheTimer() throws Exception {
    batcher(4, Duration.ofSeconds(30), 100);
    CountDownLatch release = new CountDownLatch(1);
    List<CompletableFuture<float[]>> held = occupyBothWorkers(release);
    queueReleaseAndCheck(new Object(), 3, 4, release, held);
    assertEquals(List.of("4@3", "4@9", "4@9"), batches.stream().sorted().toList());
  }

  @Test
  void withMaxWaitAPartialBatchIsHeldOnlyWhileAnotherWorkerIsBusy() throws Exception {
    batcher(100, Duration.ofMillis(150), 1000);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch blocking = new CountDownLatch(1);
    BatchFunction slow = (input, n, length) -> {
      blocking.countDown();
      release.await(10, TimeUnit.SECONDS);
      return fake.run(input, n, length);
    };
    CompletableFuture<float[]> busy = batcher.submit(new Object(), slow, 9, rows(9, 1), 1, () -> false);
    assertTrue(blocking.await(5, TimeUnit.SECONDS)); // one worker busy, one idle
    Object model = new Object();
    long start = System.nanoTime();
    CompletableFuture<float[]> a = submit(model, 5, 7);
    CompletableFuture<float[]> b = submit(model, 5, 8, 9);
    assertArrayEquals(expected(5, 7), a.get(5, TimeUnit.SECONDS));
    assertArrayEquals(expected(5, 8, 9), b.get(5, TimeUnit.SECONDS));
    long waitedMillis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(waitedMillis >= 140, "ran after " + waitedMillis + " ms, before max wait");
    assertEquals(List.of("3@5"), batches);
    release.countDown();
    busy.get(5, TimeUnit.SECONDS);
  }

  @Test
  void workArrivingWhileEveryWorkerIsBusyWaitsInItsLaneAndRunsAsOneBatch() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch blocking = new CountDownLatch(2);
    BatchFunction slow = (input, n, length) -> {
      blocking.countDown();
      release.await(10, TimeUnit.SECONDS);
      return fake.run(input, n, length);
    };
    batcher(100, Duration.ofMillis(1), 1000);
    Object model = new Object();
    // Two passes occupy both workers...
    List<CompletableFuture<float[]>> first = List.of(
        batcher.submit(model, slow, 2, rows(2, 1), 1, () -> false),
        batcher.submit(new Object(), slow, 2, rows(2, 2), 1, () -> false));
    assertTrue(blocking.await(5, TimeUnit.SECONDS));
    // ...while ten one-row calls arrive, each after the previous one's wait is over: pushed to the workers
    // when their wait ends, they would be ten passes.
    List<CompletableFuture<float[]>> later = new ArrayList<>();
    for (int v = 10; v < 20; v++) {
      later.add(submit(model, 2, v));
      Thread.sleep(5);
    }
    release.countDown();
    for (int i = 0; i < later.size(); i++) {
      assertArrayEquals(expected(2, 10 + i), later.get(i).get(5, TimeUnit.SECONDS));
    }
    for (CompletableFuture<float[]> f : first) {
      f.get(5, TimeUnit.SECONDS);
    }
    assertEquals(List.of("10@2", "1@2", "1@2"), batches.stream().sorted().toList(), "passes in any order");
  }

  @Test
  void aSubmissionIsNeverSplitAcrossBatchesBelowTheMaximum() throws Exception {
    batcher(4, Duration.ofMillis(100), 100);
    Object model = new Object();
    CompletableFuture<float[]> a = submit(model, 2, 1, 2, 3);
    CompletableFuture<float[]> b = submit(model, 2, 4, 5, 6); // 6 > 4: a runs alone, b waits for the timer
    assertArrayEquals(expected(2, 1, 2, 3), a.get(5, TimeUnit.SECONDS));
    assertArrayEquals(expected(2, 4, 5, 6), b.get(5, TimeUnit.SECONDS));
    assertEquals(List.of("3@2", "3@2"), batches);
  }

  @Test
  void aSubmissionLargerThanTheMaximumIsCutAndReassembledInOrder() throws Exception {
    batcher(4, Duration.ofMillis(50), 100);
    int[] values = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    float[] out = submit(new Object(), 3, values).get(5, TimeUnit.SECONDS);
    assertArrayEquals(expected(3, values), out);
    assertEquals(List.of("4@3", "4@3", "2@3"), batches);
  }

  @Test
  void lengthsAndModelsNeverShareABatch() throws Exception {
    batcher(64, Duration.ZERO, 1000);
    CountDownLatch release = new CountDownLatch(1);
    List<CompletableFuture<float[]>> held = occupyBothWorkers(release);
    Object m1 = new Object();
    Object m2 = new Object();
    CompletableFuture<float[]> a = submit(m1, 3, 1);
    CompletableFuture<float[]> b = submit(m1, 4, 2);
    CompletableFuture<float[]> c = submit(m2, 3, 3);
    CompletableFuture<float[]> d = submit(m1, 3, 4);
    release.countDown();
    assertArrayEquals(expected(3, 1), a.get(5, TimeUnit.SECONDS));
    assertArrayEquals(expected(4, 2), b.get(5, TimeUnit.SECONDS));
    assertArrayEquals(expected(3, 3), c.get(5, TimeUnit.SECONDS));
    assertArrayEquals(expected(3, 4), d.get(5, TimeUnit.SECONDS));
    for (CompletableFuture<float[]> f : held) {
      f.get(5, TimeUnit.SECONDS);
    }
    // m1@3 got a and d together, m2@3 and m1@4 ran alone
    assertEquals(List.of("1@3", "1@4", "2@3", "64@9", "64@9"), batches.stream().sorted().toList());
  }

  private DynamicBatcher preferring(Duration wait, Integer... sizes) {
    batcher = new DynamicBatcher(100, List.of(sizes), wait, 1000, Long.MAX_VALUE, Long.MAX_VALUE, 2,
        new ScorerMetrics(new SimpleMeterRegistry()));
    return batcher;
  }

  /** Occupies both workers with one-row passes on other models until {@code release}; returns their results. */
  private List<CompletableFuture<float[]>> occupyBothWorkersWithOneRow(CountDownLatch release) throws Exception {
    CountDownLatch blocking = new CountDownLatch(2);
    BatchFunction slow = (input, n, length) -> {
      blocking.countDown();
      release.await(10, TimeUnit.SECONDS);
      return fake.run(input, n, length);
    };
    List<CompletableFuture<float[]>> held = List.of(
        batcher.submit(new Object(), slow, 9, rows(9, 1), 1, () -> false),
        batcher.submit(new Object(), slow, 9, rows(9, 2), 1, () -> false));
    assertTrue(blocking.await(5, TimeUnit.SECONDS));
    return held;
  }

  @Test
  void withPreferredSizesAWorkerTakesTheLargestPreferredSizeTheQueuedRowsReach() throws Exception {
    preferring(Duration.ZERO, 4, 2);
    CountDownLatch release = new CountDownLatch(1);
    List<CompletableFuture<float[]>> held = occupyBothWorkersWithOneRow(release);
    queueReleaseAndCheck(new Object(), 2, 7, release, held);
    // 7 queued rows: 4 (the largest preferred size), then 2 of the 3 left, then the last one alone at once.
    assertEquals(List.of("1@2", "1@9", "1@9", "2@2", "4@2"), batches.stream().sorted().toList());
    assertEquals(0, batcher.queuedSequences());
  }

  @Test
  void withPreferredSizesASubmissionIsCutIntoPiecesOfTheLargestOneAndReassembledInOrder() throws Exception {
    preferring(Duration.ZERO, 3);
    int[] values = {1, 2, 3, 4, 5, 6, 7, 8};
    assertArrayEquals(expected(4, values), submit(new Object(), 4, values).get(5, TimeUnit.SECONDS));
    assertEquals(List.of("2@4", "3@4", "3@4"), batches.stream().sorted().toList());
  }

  @Test
  void withMaxWaitALaneIsFullAtTheLargestPreferredSizeAndRunsWithoutWaiting() throws Exception {
    preferring(Duration.ofSeconds(30), 2);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch blocking = new CountDownLatch(1);
    BatchFunction slow = (input, n, length) -> {
      blocking.countDown();
      release.await(10, TimeUnit.SECONDS);
      return fake.run(input, n, length);
    };
    CompletableFuture<float[]> busy = batcher.submit(new Object(), slow, 9, rows(9, 1), 1, () -> false);
    assertTrue(blocking.await(5, TimeUnit.SECONDS)); // one worker busy: a partial lane would be held 30 s
    Object model = new Object();
    long start = System.nanoTime();
    CompletableFuture<float[]> a = submit(model, 5, 7);
    CompletableFuture<float[]> b = submit(model, 5, 8);
    assertArrayEquals(expected(5, 7), a.get(5, TimeUnit.SECONDS));
    assertArrayEquals(expected(5, 8), b.get(5, TimeUnit.SECONDS));
    assertTrue(System.nanoTime() - start < 5_000_000_000L, "a lane at the preferred size was held back");
    assertEquals(List.of("2@5"), batches);
    release.countDown();
    busy.get(5, TimeUnit.SECONDS);
  }

  @Test
  void aPreferredSizeOutsideOneToTheMaximumIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> preferring(Duration.ZERO, 4, 101));
    assertEquals("preferred batch sizes must be within 1..100 (the max batch size), got 101", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> preferring(Duration.ZERO, 0));
  }

  @Test
  void aForwardPassNeverHoldsMoreBasesThanTheBoundExceptOneLongSequence() throws Exception {
    batcher = new DynamicBatcher(100, Duration.ZERO, 1000, 10, 1000, 2, new ScorerMetrics(new SimpleMeterRegistry()));
    int[] values = {1, 2, 3, 4, 5, 6, 7};
    assertArrayEquals(expected(3, values), submit(new Object(), 3, values).get(5, TimeUnit.SECONDS));
    assertArrayEquals(expected(20, 9), submit(new Object(), 20, 9).get(5, TimeUnit.SECONDS));
    // 10 bases per pass: 3 rows of 3 bases; a 20-base sequence alone.
    assertEquals(List.of("1@20", "1@3", "3@3", "3@3"), batches.stream().sorted().toList());
    assertEquals(0, batcher.queuedBases());
  }

  @Test
  void workBeyondTheQueuedBasesIsRefusedNamingTheBound() throws Exception {
    batcher = new DynamicBatcher(100, Duration.ZERO, 1000, 1000, 12, 2, new ScorerMetrics(new SimpleMeterRegistry()));
    CountDownLatch release = new CountDownLatch(1);
    BatchFunction blocked = (input, n, length) -> {
      release.await();
      return fake.run(input, n, length);
    };
    Object model = new Object();
    CompletableFuture<float[]> a = batcher.submit(model, blocked, 5, rows(5, 1, 2), 2, () -> false);
    QueueFullException full = assertThrows(QueueFullException.class,
        () -> batcher.submit(model, blocked, 5, rows(5, 3), 1, () -> false));
    assertTrue(full.getMessage().contains("12 bases waiting or running, this work adds 5"), full.getMessage());
    assertEquals(2, batcher.queuedSequences(), "the refused work left no count behind");
    assertEquals(10, batcher.queuedBases());
    release.countDown();
    assertArrayEquals(expected(5, 1, 2), a.get(5, TimeUnit.SECONDS));
    assertEquals(0, batcher.queuedBases());
    assertArrayEquals(expected(5, 3), submit(model, 5, 3).get(5, TimeUnit.SECONDS));
  }

  @Test
  void workBeyondTheQueueBoundIsRefusedUntilBatchesFinish() throws Exception {
    batcher(2, Duration.ZERO, 5);
    CountDownLatch release = new CountDownLatch(1);
    BatchFunction blocked = (input, n, length) -> {
      release.await();
      return fake.run(input, n, length);
    };
    Object model = new Object();
    CompletableFuture<float[]> a = batcher.submit(model, blocked, 1, rows(1, 1, 2, 3), 3, () -> false);
    CompletableFuture<float[]> b = batcher.submit(model, blocked, 1, rows(1, 4, 5), 2, () -> false);
    QueueFullException full = assertThrows(QueueFullException.class,
        () -> batcher.submit(model, blocked, 1, rows(1, 6), 1, () -> false));
    assertTrue(full.getMessage().contains("5 sequences"), full.getMessage());
    release.countDown();
    assertArrayEquals(expected(1, 1, 2, 3), a.get(5, TimeUnit.SECONDS));
    assertArrayEquals(expected(1, 4, 5), b.get(5, TimeUnit.SECONDS));
    assertEquals(0, batcher.queuedSequences());
    assertArrayEquals(expected(1, 6), submit(model, 1, 6).get(5, TimeUnit.SECONDS));
  }

  @Test
  void workOfACallerThatHasGoneIsDroppedNotRun() throws Exception {
    batcher(8, Duration.ofMillis(50), 100);
    Object model = new Object();
    CompletableFuture<float[]> gone = batcher.submit(model, fake, 2, rows(2, 1), 1, () -> true);
    CompletableFuture<float[]> kept = submit(model, 2, 2);
    assertArrayEquals(expected(2, 2), kept.get(5, TimeUnit.SECONDS));
    // CompletableFuture reports a CancellationException cause as itself
    assertThrows(java.util.concurrent.CancellationException.class, () -> gone.get(5, TimeUnit.SECONDS));
    assertEquals(List.of("1@2"), batches);
    assertEquals(0, batcher.queuedSequences());
  }

  @Test
  void aFailingForwardPassFailsEveryCallerInItsBatch() {
    batcher(2, Duration.ofSeconds(30), 100);
    BatchFunction broken = (input, n, length) -> {
      throw new IllegalStateException("boom");
    };
    Object model = new Object();
    CompletableFuture<float[]> a = batcher.submit(model, broken, 1, rows(1, 1), 1, () -> false);
    CompletableFuture<float[]> b = batcher.submit(model, broken, 1, rows(1, 2), 1, () -> false);
    for (CompletableFuture<float[]> f : List.of(a, b)) {
      ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(5, TimeUnit.SECONDS));
      assertEquals("boom", e.getCause().getMessage());
    }
    assertEquals(0, batcher.queuedSequences());
  }

  @Test
  void concurrentCallersWithRandomSizesGetExactlyTheirOwnRowsInOrder() throws Exception {
    batcher(16, Duration.ofMillis(2), 100_000);
    Object model = new Object();
    ExecutorService callers = Executors.newFixedThreadPool(32);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < 32; c++) {
        int caller = c;
        done.add(callers.submit(() -> {
          Random random = new Random(caller);
          for (int call = 0; call < 20; call++) {
            int n = 1 + random.nextInt(40);
            int length = 2 + random.nextInt(2); // two lanes
            int[] values = new int[n];
            for (int i = 0; i < n; i++) {
              values[i] = caller * 1000 + call * 40 + i; // unique per row
            }
            float[] out = submit(model, length, values).get(10, TimeUnit.SECONDS);
            assertArrayEquals(expected(length, values), out, "caller " + caller + " call " + call);
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      callers.shutdownNow();
    }
    assertTrue(batches.stream().anyMatch(b -> Integer.parseInt(b.split("@")[0]) > 1), "nothing was merged");
    assertTrue(batches.stream().allMatch(b -> Integer.parseInt(b.split("@")[0]) <= 16), batches.toString());
  }
}
