package io.seqbind.scorer.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import io.seqbind.proto.v1.ExecutionProvider;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ProviderChoiceTest {

  private final AtomicInteger probes = new AtomicInteger();

  @Test
  void cudaIsUsedWhenTheBuildHasItAndTheDeviceAcceptsIt() {
    ProviderChoice c = ProviderChoice.choose(true, EnumSet.of(OrtProvider.CPU, OrtProvider.CUDA),
        probes::incrementAndGet);
    assertEquals(ExecutionProvider.EXECUTION_PROVIDER_CUDA, c.provider());
    assertEquals("cuda", c.tag());
    assertEquals(1, probes.get());
  }

  @Test
  void aFailingCudaProbeFallsBackToTheCpuAndSaysWhy() {
    ProviderChoice c = ProviderChoice.choose(true, EnumSet.of(OrtProvider.CPU, OrtProvider.CUDA), () -> {
      throw new OrtException("CUDA failure 100: no CUDA-capable device is detected");
    });
    assertEquals(ExecutionProvider.EXECUTION_PROVIDER_CPU, c.provider());
    assertTrue(c.reason().contains("no CUDA-capable device"), c.reason());
  }

  @Test
  void theCpuBuildNeverProbes() {
    ProviderChoice c = ProviderChoice.choose(true, EnumSet.of(OrtProvider.CPU), probes::incrementAndGet);
    assertEquals(ExecutionProvider.EXECUTION_PROVIDER_CPU, c.provider());
    assertTrue(c.reason().contains("-Pgpu"), c.reason());
    assertEquals(0, probes.get());
  }

  @Test
  void cudaSwitchedOffNeverProbes() {
    ProviderChoice c = ProviderChoice.choose(false, EnumSet.of(OrtProvider.CPU, OrtProvider.CUDA),
        probes::incrementAndGet);
    assertEquals(ExecutionProvider.EXECUTION_PROVIDER_CPU, c.provider());
    assertEquals(0, probes.get());
  }

  @Test
  void thisBuildChoosesWhatItsOnnxRuntimeOffers() {
    ProviderChoice c = ProviderChoice.choose(true);
    boolean cudaBuild = ai.onnxruntime.OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
    if (!cudaBuild) {
      assertEquals(ExecutionProvider.EXECUTION_PROVIDER_CPU, c.provider());
    }
    assertTrue(!c.deviceName().isEmpty());
  }
}
