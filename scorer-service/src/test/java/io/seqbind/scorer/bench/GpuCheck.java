package io.seqbind.scorer.bench;

import io.seqbind.core.bundle.ModelBundle;
import io.seqbind.core.bundle.ModelStore;
import io.seqbind.core.seq.OneHot;
import io.seqbind.proto.v1.ExecutionProvider;
import io.seqbind.scorer.ScorerSettings;
import io.seqbind.scorer.runtime.InferenceModel;
import io.seqbind.scorer.runtime.OnnxModelLoader;
import io.seqbind.scorer.runtime.ProviderChoice;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The scorer's part of bench/gpu_check.sh, for a build with {@code -Pgpu} on an NVIDIA machine: the CUDA
 * provider is chosen (not the CPU fallback), its scores equal the CPU session's within 1e-5 on 4096 random
 * sequences, session.run throughput on CUDA and on the CPU at batch 1024, and the batching gain of 64
 * one-sequence callers through the service on CUDA. Exits 1 when the provider is not CUDA or the scores
 * differ.
 *
 * <p>usage: GpuCheck STORE_DIR MODEL_ID LENGTH
 */
public final class GpuCheck {

  private GpuCheck() {}

  public static void main(String[] args) throws Exception {
    ModelStore store = new ModelStore(Path.of(args[0]));
    ModelBundle bundle = store.get(args[1]);
    int length = Integer.parseInt(args[2]);
    ProviderChoice cuda = ProviderChoice.choose(true);
    System.out.println("gpu-check: scorer provider " + cuda.tag() + " on " + cuda.deviceName() + " (" + cuda.reason()
        + ")");
    if (cuda.provider() != ExecutionProvider.EXECUTION_PROVIDER_CUDA) {
      System.out.println("gpu-check-scorer: provider=" + cuda.tag() + " max_abs_diff=NaN cuda_per_s=0 cpu_per_s=0 "
          + "batching_gain_64=NaN");
      System.exit(1);
    }
    int threads = ScorerSettings.defaults().effectiveIntraOpThreads();
    List<String> pool = ScoreThroughput.pool(length, 4096);
    byte[] input = new byte[pool.size() * length];
    for (int i = 0; i < pool.size(); i++) {
      OneHot.channels(pool.get(i), input, i * length, "pool sequence " + i);
    }
    double maxDiff = 0;
    double[] perSecond = new double[2];
    try (InferenceModel gpu = new OnnxModelLoader(cuda, threads, 1, false).load(bundle);
        InferenceModel cpu = new OnnxModelLoader(ProviderChoice.choose(false), threads, 1, false).load(bundle)) {
      float[] a = gpu.run(input, pool.size(), length);
      float[] b = cpu.run(input, pool.size(), length);
      for (int i = 0; i < a.length; i++) {
        maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
      }
      InferenceModel[] models = {gpu, cpu};
      byte[] batch = java.util.Arrays.copyOf(input, 1024 * length);
      for (int m = 0; m < 2; m++) {
        for (int i = 0; i < 10; i++) {
          models[m].run(batch, 1024, length);
        }
        long start = System.nanoTime();
        int runs = 0;
        while (System.nanoTime() - start < 5_000_000_000L) {
          models[m].run(batch, 1024, length);
          runs++;
        }
        perSecond[m] = runs * 1024 / ((System.nanoTime() - start) / 1e9);
      }
    }
    System.out.printf(Locale.ROOT, "gpu-check: CUDA vs CPU scores on %d sequences: max |diff| %.2e (limit 1e-5); "
        + "session.run at batch 1024: CUDA %.0f/s, CPU %.0f/s%n", pool.size(), maxDiff, perSecond[0], perSecond[1]);
    ScorerSettings on = ScorerSettings.defaults().withCuda(true);
    double[] batched = ScoreThroughput.concurrent(store, bundle, pool, 64, 100, on);
    double[] single = ScoreThroughput.concurrent(store, bundle, pool, 64, 100, on.withBatching(1, Duration.ZERO));
    System.out.printf(Locale.ROOT, "gpu-check: 64 callers x 1 sequence on CUDA: batching on %.0f/s p99 %.2f ms, off "
        + "%.0f/s p99 %.2f ms%n", batched[0], batched[2], single[0], single[2]);
    System.out.printf(Locale.ROOT, "gpu-check-scorer: provider=cuda max_abs_diff=%.2e cuda_per_s=%.0f cpu_per_s=%.0f "
        + "batching_gain_64=%.2f%n", maxDiff, perSecond[0], perSecond[1], batched[0] / single[0]);
    System.exit(maxDiff <= 1e-5 ? 0 : 1);
  }
}
