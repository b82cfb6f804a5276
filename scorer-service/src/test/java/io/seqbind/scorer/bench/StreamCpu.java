package io.seqbind.scorer.bench;

import com.sun.management.OperatingSystemMXBean;
import io.micrometer.core.instrument.Timer;
import io.seqbind.core.bundle.ModelBundle;
import io.seqbind.core.bundle.ModelStore;
import io.seqbind.proto.v1.SequenceChunk;
import io.seqbind.scorer.CpuLimit;
import io.seqbind.scorer.ScorerSettings;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Where the CPU of a streamed sequence goes, by thread: wall-clock ratios on a shared machine move with the
 * neighbours, CPU time per sequence much less. Per round: the raw peer ({@link RawOrt}, the process's CPU time
 * per sequence, its intra-op threads being native), then {@code SEQUENCES} streamed through ScoreStream over
 * loopback (as score_bench.sh's stream): the process's CPU time per sequence (JIT and GC included, as in the
 * raw figure), and each Java thread group's: scorer-batch (the
 * forward passes with 1 intra-op thread each, plus reply assembly and serialisation, which run where a pass
 * completes), scorer-request (checks, one-hot encoding), grpc-default-executor (protobuf parsing and the
 * client's serialisation), grpc-nio-worker (HTTP/2). Both sides run in this one JVM.
 *
 * <p>usage: StreamCpu STORE MODEL [SEQUENCES=307200] [ROUNDS=3]; chunks are packed unless {@code -Dwire=messages}
 */
public final class StreamCpu {

  private static final int CHUNK = 1024;

  private StreamCpu() {}

  public static void main(String[] args) throws Exception {
    ModelStore models = new ModelStore(Path.of(args[0]));
    ModelBundle bundle = models.get(args[1]);
    long n = args.length > 2 ? Long.parseLong(args[2]) : 307_200;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    int length = 101;
    List<String> pool = ScoreThroughput.pool(length, 8192);
    List<SequenceChunk> chunks = ScoreThroughput.chunks(pool, !"messages".equals(System.getProperty("wire")));
    ScorerSettings settings = ScorerSettings.defaults().withCuda(false);
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    for (int r = 0; r < rounds; r++) {
      long cpu0 = os.getProcessCpuTime();
      double raw = RawOrt.run(bundle, pool, n, CpuLimit.processors(), false);
      double rawCpuUs = (os.getProcessCpuTime() - cpu0) / 1e3 / (n + 20L * RawOrt.BATCH); // 20 warm-up runs
      try (ScoreThroughput.Served served = new ScoreThroughput.Served(models, settings)) {
        ScoreThroughput.stream(served, bundle, chunks, 20 * CHUNK); // warm-up
        Timer inference = served.registry.get("seqbind.scorer.inference").timer();
        double inference0 = inference.totalTime(TimeUnit.SECONDS);
        Map<String, Long> before = threadCpu();
        long gc0 = gcMillis();
        long jit0 = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        long processCpu0 = os.getProcessCpuTime();
        long start = System.nanoTime();
        ScoreThroughput.stream(served, bundle, chunks, n);
        double seconds = (System.nanoTime() - start) / 1e9;
        double processCpuUs = (os.getProcessCpuTime() - processCpu0) / 1e3 / n;
        double gcUs = (gcMillis() - gc0) * 1e3 / n;
        double jitUs = (ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jit0) * 1e3 / n;
        Map<String, Long> after = threadCpu();
        StringBuilder groups = new StringBuilder();
        long total = 0;
        for (Map.Entry<String, Long> e : after.entrySet()) {
          long ns = e.getValue() - before.getOrDefault(e.getKey(), 0L);
          if (ns > 10_000_000L) {
            groups.append(String.format(Locale.ROOT, " %s=%.2f", e.getKey(), ns / 1e3 / n));
            total += ns;
          }
        }
        System.out.printf(Locale.ROOT, "stream-cpu: round %d, load %s: raw %.0f/s, %.2f CPU us/seq | stream %.0f/s, "
            + "%.2f CPU us/seq (raw's CPU / this: %.2f), pass wall time %.2f us/seq; GC pauses %.2f us/seq, JIT "
            + "%.2f us/seq (wall, all compiler threads); Java threads %.2f:%s%n", r + 1,
            Files.readString(Path.of("/proc/loadavg")).split(" ")[0], raw, rawCpuUs, n / seconds, processCpuUs,
            rawCpuUs / processCpuUs, (inference.totalTime(TimeUnit.SECONDS) - inference0) * 1e6 / n, gcUs, jitUs,
            total / 1e3 / n,
            groups);
      }
    }
    System.exit(0);
  }

  /** Milliseconds the collectors report (pauses, plus concurrent cycles for G1's old-generation bean). */
  private static long gcMillis() {
    long ms = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ms += Math.max(0, gc.getCollectionTime());
    }
    return ms;
  }

  /** CPU nanoseconds of each live thread, summed by name with digits folded (scorer-batch-1 -> scorer-batch-N). */
  private static Map<String, Long> threadCpu() {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Map<String, Long> byGroup = new TreeMap<>();
    for (ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (t != null) {
        long ns = mx.getThreadCpuTime(t.getThreadId());
        if (ns > 0) {
          byGroup.merge(t.getThreadName().replaceAll("[0-9]+", "N"), ns, Long::sum);
        }
      }
    }
    return byGroup;
  }
}
