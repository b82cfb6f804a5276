package io.seqbind.scorer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CPU count the scorer sizes its threads by, from fake cgroup trees (v2 and v1). */
class CpuLimitTest {

  @TempDir
  Path root;

  @Test
  void cgroupV2QuotaLowersTheProcessorsRoundingUp() throws Exception {
    Files.writeString(root.resolve("cpu.max"), "150000 100000\n");
    assertEquals(2, CpuLimit.processors(16, root), "1.5 CPUs of quota: 2 threads");
    Files.writeString(root.resolve("cpu.max"), "50000 100000\n");
    assertEquals(1, CpuLimit.processors(16, root), "half a CPU: still one thread");
    Files.writeString(root.resolve("cpu.max"), "400000 100000\n");
    assertEquals(2, CpuLimit.processors(2, root), "a quota above the processors changes nothing");
  }

  @Test
  void noLimitLeavesTheProcessors() throws Exception {
    assertEquals(8, CpuLimit.processors(8, root), "no cgroup files");
    Files.writeString(root.resolve("cpu.max"), "max 100000\n");
    assertEquals(8, CpuLimit.processors(8, root));
    Files.writeString(root.resolve("cpu.max"), "garbage\n");
    assertEquals(8, CpuLimit.processors(8, root));
  }

  @Test
  void cgroupV1QuotaAndPeriod() throws Exception {
    Path cpu = Files.createDirectories(root.resolve("cpu,cpuacct"));
    Files.writeString(cpu.resolve("cpu.cfs_quota_us"), "300000\n");
    Files.writeString(cpu.resolve("cpu.cfs_period_us"), "100000\n");
    assertEquals(3, CpuLimit.processors(16, root));
    Files.writeString(cpu.resolve("cpu.cfs_quota_us"), "-1\n");
    assertEquals(16, CpuLimit.processors(16, root));
  }

  @Test
  void intraOpThreadsShareTheCpusAmongTheBatchThreads() {
    int cpus = CpuLimit.processors();
    ScorerSettings s = ScorerSettings.defaults().withThreads(0, 1, 2);
    assertEquals(Math.max(1, cpus / 2), s.effectiveIntraOpThreads());
    assertEquals(3, s.withThreads(3, 1, 2).effectiveIntraOpThreads(), "an explicit count wins");
  }
}
