package io.seqbind.scorer.runtime;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import io.seqbind.proto.v1.ExecutionProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Which execution provider the scorer's sessions use, decided once at startup. CUDA is used only when the
 * runtime has it (the onnxruntime_gpu build) and a probe succeeds; the GPU jar lists CUDA even without a GPU,
 * and then {@code addCUDA} fails after seconds, so probing once keeps that cost out of every model load.
 *
 * @param provider   CPU or CUDA
 * @param deviceName the device as people know it ("CUDA device 0", the CPU model)
 * @param reason     why this provider, for the startup log
 */
public record ProviderChoice(ExecutionProvider provider, String deviceName, String reason) {

  /** Tries to register CUDA on a SessionOptions; throws when there is no usable GPU. */
  @FunctionalInterface
  public interface CudaProbe {
    void tryCuda() throws OrtException;
  }

  /** The real probe: CUDA device 0 on throwaway options. */
  public static final CudaProbe ORT_CUDA_PROBE = () -> {
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.addCUDA(0);
    }
  };

  /** Chooses with the providers this onnxruntime build has. */
  public static ProviderChoice choose(boolean wantCuda) {
    return choose(wantCuda, ai.onnxruntime.OrtEnvironment.getAvailableProviders(), ORT_CUDA_PROBE);
  }

  public static ProviderChoice choose(boolean wantCuda, Set<OrtProvider> available, CudaProbe probe) {
    String cpu = cpuName();
    if (!wantCuda) {
      return new ProviderChoice(ExecutionProvider.EXECUTION_PROVIDER_CPU, cpu, "CUDA switched off by configuration");
    }
    if (!available.contains(OrtProvider.CUDA)) {
      return new ProviderChoice(ExecutionProvider.EXECUTION_PROVIDER_CPU, cpu,
          "this onnxruntime build has no CUDA provider (the CPU jar; build with -Pgpu for CUDA)");
    }
    try {
      probe.tryCuda();
      return new ProviderChoice(ExecutionProvider.EXECUTION_PROVIDER_CUDA, "CUDA device 0",
          "CUDA provider available and device 0 accepted it");
    } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
      return new ProviderChoice(ExecutionProvider.EXECUTION_PROVIDER_CPU, cpu,
          "CUDA provider present but unusable, falling back to CPU: " + e.getMessage());
    }
  }

  /** Adds the chosen provider to a session's options (CPU needs nothing). */
  public void configure(OrtSession.SessionOptions options) throws OrtException {
    if (provider == ExecutionProvider.EXECUTION_PROVIDER_CUDA) {
      options.addCUDA(0);
    }
  }

  /** "cpu" or "cuda", the metric tag and log word. */
  public String tag() {
    return provider == ExecutionProvider.EXECUTION_PROVIDER_CUDA ? "cuda" : "cpu";
  }

  private static String cpuName() {
    int cores = Runtime.getRuntime().availableProcessors();
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim() + " (" + cores + " processors)";
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: the architecture below is enough
    }
    return System.getProperty("os.arch") + " CPU (" + cores + " processors)";
  }
}
