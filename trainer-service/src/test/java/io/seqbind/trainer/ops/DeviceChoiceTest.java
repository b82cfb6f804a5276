package io.seqbind.trainer.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aparapi.device.Device;
import com.aparapi.device.JavaDevice;
import com.aparapi.device.OpenCLDevice;
import com.aparapi.internal.opencl.OpenCLPlatform;
import io.seqbind.trainer.ops.aparapi.OpenCLDevices;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Device selection with injected device lists: asking for OpenCL never quietly runs in Java. */
class DeviceChoiceTest {

  private static final String THREADS = "Java thread pool (" + Runtime.getRuntime().availableProcessors() + " threads)";

  @Test
  void parsesCliValues() {
    assertEquals(DeviceChoice.AUTO, DeviceChoice.parse("auto"));
    assertEquals(DeviceChoice.GPU, DeviceChoice.parse("GPU"));
    assertEquals(DeviceChoice.OPENCL, DeviceChoice.parse(" opencl "));
    assertEquals(DeviceChoice.JAVA, DeviceChoice.parse("java"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceChoice.parse("cuda"));
    assertTrue(e.getMessage().contains("auto|gpu|opencl|java"), e.getMessage());
  }

  @Test
  void openCLWithoutDeviceFailsWithTheReason() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new AparapiOps(DeviceChoice.OPENCL, () -> OpenCLDevices.none("simulated: no ICD registered")));
    assertTrue(e.getMessage().contains("'opencl'"), e.getMessage());
    assertTrue(e.getMessage().contains("simulated: no ICD registered"), e.getMessage());
  }

  @Test
  void gpuWithOnlyACpuDeviceFailsNamingWhatThereIs() {
    OpenCLDevices cpuOnly = new OpenCLDevices(List.of(fakeDevice(Device.TYPE.CPU, "fake cpu")), "");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new AparapiOps(DeviceChoice.GPU, () -> cpuOnly));
    assertTrue(e.getMessage().contains("no OpenCL GPU"), e.getMessage());
    assertTrue(e.getMessage().contains("OpenCL CPU: FakeCL fake cpu"), e.getMessage());
  }

  @Test
  void autoWithoutOpenCLRunsInTheJavaThreadPoolAndSaysSo() {
    try (AparapiOps ops = new AparapiOps(DeviceChoice.AUTO, () -> OpenCLDevices.none("simulated: none"))) {
      assertFalse(ops.isOpenCL());
      assertTrue(ops.selectionNote().contains("simulated: none"), ops.selectionNote());
      float[] out = new float[3];
      ops.avgForward(new PoolShape(1, 1, 1, 6, 2, 2), new float[] {1, 3, 5, 7, 9, 11}, out);
      assertEquals(2f, out[0]);
      assertEquals(10f, out[2]);
      assertEquals(THREADS, ops.ranOn());
    }
  }

  @Test
  void autoPrefersTheHostOverAnOpenCLCpuDevice() {
    OpenCLDevices cpuOnly = new OpenCLDevices(List.of(fakeDevice(Device.TYPE.CPU, "fake cpu")), "");
    try (AparapiOps ops = new AparapiOps(DeviceChoice.AUTO, () -> cpuOnly)) {
      assertFalse(ops.isOpenCL());
      assertTrue(ops.runsOnHost());
      assertEquals(THREADS, ops.ranOn());
      assertEquals("no OpenCL GPU (a CPU OpenCL device runs only with --device opencl)", ops.selectionNote());
    }
  }

  @Test
  void aFallbackToJavaIsAnErrorWhenOpenCLWasAsked() {
    OpenCLDevice wanted = fakeDevice(Device.TYPE.GPU, "fake gpu");
    String problem = KernelLauncher.mismatch(wanted, JavaDevice.THREAD_POOL);
    assertTrue(problem.contains("silent fallback"), problem);
    assertTrue(KernelLauncher.mismatch(wanted, null).contains("no run"));
    assertNull(KernelLauncher.mismatch(wanted, wanted));
    assertNull(KernelLauncher.mismatch(JavaDevice.THREAD_POOL, JavaDevice.THREAD_POOL));
    assertTrue(KernelLauncher.mismatch(JavaDevice.THREAD_POOL, JavaDevice.SEQUENTIAL).contains("ran on"));
  }

  @Test
  void openCLReportsTheRealDevice() {
    AparapiOpenCLTest.requireOpenCL();
    try (AparapiOps ops = AparapiOps.create(DeviceChoice.OPENCL)) {
      float[] out = new float[1];
      ops.maxForward(PoolShape.global(1, 1, 1, 4), new float[] {1, 4, 2, 4}, out, new int[1]);
      assertEquals(4f, out[0]);
      OpenCLDevices found = OpenCLDevices.probe();
      assertEquals(OpenCLDevices.describe(found.devices().get(0)), ops.ranOn());
      assertTrue(ops.ranOn().startsWith("OpenCL "), ops.ranOn());
    }
  }

  @Test
  void aKernelThatDoesNotCompileForOpenCLFailsLoudlyInsteadOfRunningInJava() {
    AparapiOpenCLTest.requireOpenCL();
    try (AparapiOps ops = AparapiOps.create(DeviceChoice.OPENCL)) {
      UntranslatableKernel k = new UntranslatableKernel();
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> ops.launchForTest(k, "untranslatable", 4));
      assertTrue(e.getMessage().contains("'untranslatable' (UntranslatableKernel) does not compile for OpenCL"),
          e.getMessage());
      assertEquals(0f, k.out[0], "the kernel must not have run in Java");
    }
    // the same kernel runs in the Java thread pool when that is what was asked for
    try (AparapiOps ops = AparapiOps.create(DeviceChoice.JAVA)) {
      UntranslatableKernel k = new UntranslatableKernel();
      ops.launchForTest(k, "untranslatable", 4);
      assertEquals(1f, k.out[3], "String.valueOf(3).length()");
    }
  }

  private static OpenCLDevice fakeDevice(Device.TYPE type, String name) {
    OpenCLDevice d = new OpenCLDevice(new OpenCLPlatform(0L, "v1.2", "fake vendor", "FakeCL"), 4242L, type);
    d.setName(name);
    return d;
  }
}
