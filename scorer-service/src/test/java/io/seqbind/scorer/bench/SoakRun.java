package io.seqbind.scorer.bench;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.seqbind.proto.v1.ModelRef;
import io.seqbind.proto.v1.ScoreRequest;
import io.seqbind.proto.v1.ScoreResponse;
import io.seqbind.proto.v1.ScorerServiceGrpc;
import io.seqbind.proto.v1.Sequence;
import io.seqbind.proto.v1.SequenceBatch;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A soak of a scorer: {@code clients} callers sending Score requests back to back (1 to 32 sequences, 101 bp,
 * one request in ten of another length so that several lanes are busy) for {@code seconds}, with a deadline on
 * every call. Each window it prints requests, errors, p99 latency and the server's resident memory (VmRSS of
 * {@code pid} from /proc; bench/soak.sh starts the servers with a fixed, pre-touched heap so that heap
 * growth towards -Xmx does not pass for a leak). Used by the CI test (60 s, in-JVM server) and by bench/soak.sh (10 minutes against
 * `seqbind serve` and the packaged scorer).
 *
 * <p>usage: SoakRun HOST:PORT MODEL_ID PID [CLIENTS=64] [SECONDS=600] [WINDOW_SECONDS=60] [WARMUP_SECONDS=60]
 * [PACE_MILLIS=0 (each caller sends at most one request per PACE_MILLIS; 0: back to back)]
 */
public final class SoakRun {

  /** Per window: requests, errors, p99 ms, resident kB at its end. */
  public record Window(int index, long requests, long errors, double p99Millis, long rssKb) {}

  /** What a soak found; growth compares the RSS after warm-up with the last window's. */
  public record Result(List<Window> windows, long requests, long errors, long rssAfterWarmupKb, long rssEndKb,
      List<String> errorSamples) {
    public double rssGrowth() {
      return rssAfterWarmupKb == 0 ? Double.NaN : (rssEndKb - rssAfterWarmupKb) / (double) rssAfterWarmupKb;
    }
  }

  private SoakRun() {}

  public static void main(String[] args) throws Exception {
    String[] hostPort = args[0].split(":");
    int clients = args.length > 3 ? Integer.parseInt(args[3]) : 64;
    int seconds = args.length > 4 ? Integer.parseInt(args[4]) : 600;
    int window = args.length > 5 ? Integer.parseInt(args[5]) : 60;
    int warmup = args.length > 6 ? Integer.parseInt(args[6]) : 60;
    long pace = args.length > 7 ? Long.parseLong(args[7]) : 0;
    ManagedChannel channel = NettyChannelBuilder.forAddress(hostPort[0], Integer.parseInt(hostPort[1]))
        .usePlaintext().build();
    try {
      long pid = Long.parseLong(args[2]);
      Result r = run(channel, args[1], () -> rssKb(pid), clients, seconds, window, warmup, pace);
      System.out.printf(Locale.ROOT, "soak: requests=%d errors=%d rss_after_warmup_mb=%.0f rss_end_mb=%.0f "
          + "rss_growth=%.3f%n", r.requests(), r.errors(), r.rssAfterWarmupKb() / 1024.0, r.rssEndKb() / 1024.0,
          r.rssGrowth());
      System.exit(r.errors() == 0 && r.rssGrowth() < 0.10 ? 0 : 1);
    } finally {
      channel.shutdownNow();
    }
  }

  /**
   * @param memoryKb the server's memory figure at the end of each window: VmRSS of its process, or (server in
   *                 this JVM) {@link #liveResidentKb()}
   */
  public static Result run(ManagedChannel channel, String modelId, LongSupplier memoryKb, int clients, int seconds,
      int windowSeconds, int warmupSeconds) throws Exception {
    return run(channel, modelId, memoryKb, clients, seconds, windowSeconds, warmupSeconds, 0);
  }

  /**
   * As above, each caller sending at most one request per {@code paceMillis} (0: as fast as answered). A paced
   * load is the same on a quiet and a busy machine, so memory after the warm-up measures leaks, not the pools
   * growing with a throughput that rose because other work on the machine ended.
   */
  public static Result run(ManagedChannel channel, String modelId, LongSupplier memoryKb, int clients, int seconds,
      int windowSeconds, int warmupSeconds, long paceMillis) throws Exception {
    ModelRef model = ModelRef.newBuilder().setId(modelId).build();
    ScorerServiceGrpc.ScorerServiceBlockingStub stub = ScorerServiceGrpc.newBlockingStub(channel);
    int windows = Math.max(1, seconds / windowSeconds);
    AtomicLong[] requests = new AtomicLong[windows];
    AtomicLong[] errors = new AtomicLong[windows];
    List<ConcurrentLinkedQueue<Long>> latencies = new ArrayList<>();
    for (int w = 0; w < windows; w++) {
      requests[w] = new AtomicLong();
      errors[w] = new AtomicLong();
      latencies.add(new ConcurrentLinkedQueue<>());
    }
    ConcurrentLinkedQueue<String> samples = new ConcurrentLinkedQueue<>();
    long start = System.nanoTime();
    long end = start + TimeUnit.SECONDS.toNanos((long) windows * windowSeconds);
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<?>> done = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      SplittableRandom random = new SplittableRandom(c);
      done.add(pool.submit(() -> {
        while (true) {
          long t0 = System.nanoTime();
          if (t0 >= end) {
            return null;
          }
          int w = (int) Math.min(windows - 1, (t0 - start) / TimeUnit.SECONDS.toNanos(windowSeconds));
          int n = 1 + random.nextInt(32);
          int length = random.nextInt(10) == 0 ? 60 + random.nextInt(3) : 101;
          SequenceBatch.Builder batch = SequenceBatch.newBuilder();
          for (int i = 0; i < n; i++) {
            batch.addSequences(Sequence.newBuilder().setBases(bases(random, length)));
          }
          try {
            ScoreResponse r = stub.withDeadlineAfter(30, TimeUnit.SECONDS)
                .score(ScoreRequest.newBuilder().addModels(model).setBatch(batch).build());
            if (r.getModels(0).getRows() != n || r.getErrorsCount() != 0) {
              throw new IllegalStateException("rows " + r.getModels(0).getRows() + " for " + n + " sequences");
            }
            latencies.get(w).add(System.nanoTime() - t0);
          } catch (StatusRuntimeException | IllegalStateException e) {
            errors[w].incrementAndGet();
            if (samples.size() < 5) {
              samples.add(e.toString());
            }
          }
          requests[w].incrementAndGet();
          long next = t0 + TimeUnit.MILLISECONDS.toNanos(paceMillis);
          if (System.nanoTime() < next) {
            TimeUnit.NANOSECONDS.sleep(next - System.nanoTime());
          }
        }
      }));
    }
    List<Window> result = new ArrayList<>();
    long rssAfterWarmup = 0;
    for (int w = 0; w < windows; w++) {
      long windowEnd = start + TimeUnit.SECONDS.toNanos((long) (w + 1) * windowSeconds);
      Thread.sleep(Math.max(0, (windowEnd - System.nanoTime()) / 1_000_000));
      long rss = memoryKb.getAsLong();
      long[] l = latencies.get(w).stream().mapToLong(Long::longValue).sorted().toArray();
      double p99 = l.length == 0 ? Double.NaN : l[Math.min(l.length - 1, (int) (l.length * 0.99))] / 1e6;
      Window win = new Window(w, requests[w].get(), errors[w].get(), p99, rss);
      result.add(win);
      System.out.printf(Locale.ROOT, "soak: window %d (%ds): %d requests, %d errors, p99 %.1f ms, rss %.0f MB%n",
          w + 1, windowSeconds, win.requests(), win.errors(), p99, rss / 1024.0);
      if ((w + 1) * windowSeconds <= warmupSeconds) {
        rssAfterWarmup = rss;
      }
    }
    for (Future<?> f : done) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    long total = Arrays.stream(requests).mapToLong(AtomicLong::get).sum();
    long failed = Arrays.stream(errors).mapToLong(AtomicLong::get).sum();
    return new Result(result, total, failed, rssAfterWarmup, result.get(result.size() - 1).rssKb(),
        List.copyOf(samples));
  }

  private static String bases(SplittableRandom random, int length) {
    char[] s = new char[length];
    for (int i = 0; i < length; i++) {
      s[i] = "ACGT".charAt(random.nextInt(4));
    }
    return new String(s);
  }

  /**
   * This JVM's resident memory with its heap counted as what is live after a GC, not as what the heap has
   * grown to: a JVM's heap expands towards -Xmx under load and RSS follows, which is not a leak; a leak shows
   * as live heap that keeps growing or as native memory (ONNX Runtime, direct buffers) outside the heap.
   */
  public static long liveResidentKb() {
    System.gc();
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    return rssKb(ProcessHandle.current().pid()) - heap.getCommitted() / 1024 + heap.getUsed() / 1024;
  }

  /** VmRSS of a process in kB, 0 when /proc cannot say. */
  public static long rssKb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return 0;
  }
}
