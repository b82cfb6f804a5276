package io.seqbind.scorer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How many CPUs this process may keep busy: the processors it can run on, lowered to the CFS quota of its
 * cgroup (a Kubernetes CPU limit) when one is set. Threads beyond the quota do not add throughput, they get
 * the whole cgroup throttled for the rest of each period, which is where a spinning thread pool collapses.
 * The JVM's availableProcessors honours the quota on some versions and not others (and -XX:ActiveProcessorCount
 * overrides it), so the quota is read here as well and the smaller figure wins.
 */
public final class CpuLimit {

  private static final Path CGROUP = Path.of("/sys/fs/cgroup");

  private CpuLimit() {}

  /** CPUs for this process, at least 1. */
  public static int processors() {
    return processors(Runtime.getRuntime().availableProcessors(), CGROUP);
  }

  /** {@code available} lowered to the quota found under {@code cgroupRoot} (v2 cpu.max, else v1 cfs files). */
  static int processors(int available, Path cgroupRoot) {
    double quota = quota(cgroupRoot);
    int limit = quota > 0 ? (int) Math.max(1, Math.ceil(quota - 1e-9)) : Integer.MAX_VALUE;
    return Math.max(1, Math.min(available, limit));
  }

  /** CPUs' worth of quota, or 0 when there is none or it cannot be read. */
  static double quota(Path root) {
    // cgroup v2: "max 100000" (no limit) or "150000 100000" (1.5 CPUs).
    List<String> v2 = lines(root.resolve("cpu.max"));
    if (!v2.isEmpty()) {
      String[] f = v2.get(0).trim().split("\\s+");
      return f.length == 2 && !f[0].equals("max") ? ratio(f[0], f[1]) : 0;
    }
    // cgroup v1: cpu.cfs_quota_us is -1 without a limit.
    for (String dir : new String[] {"cpu", "cpu,cpuacct", "cpuacct,cpu"}) {
      List<String> q = lines(root.resolve(dir).resolve("cpu.cfs_quota_us"));
      List<String> p = lines(root.resolve(dir).resolve("cpu.cfs_period_us"));
      if (!q.isEmpty() && !p.isEmpty()) {
        return ratio(q.get(0).trim(), p.get(0).trim());
      }
    }
    return 0;
  }

  private static double ratio(String quota, String period) {
    try {
      long q = Long.parseLong(quota);
      long p = Long.parseLong(period);
      return q > 0 && p > 0 ? (double) q / p : 0;
    } catch (NumberFormatException e) {
      return 0; // not a format we know: no limit rather than a wrong one
    }
  }

  private static List<String> lines(Path file) {
    try {
      return Files.isReadable(file) ? Files.readAllLines(file) : List.of();
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }
}
