package io.seqbind.trainer.ops;

import io.seqbind.trainer.ops.aparapi.DeviceBoundKernel;
import io.seqbind.trainer.ops.aparapi.OpenCLDevices;
import java.util.function.Supplier;

/**
 * Convolution and pooling passes as Aparapi kernels on the device a {@link DeviceChoice} names:
 * {@code AparapiOps.create(DeviceChoice.AUTO)}. The pieces, one job each:
 * <ul>
 *   <li>{@link KernelDevice}: which device, and the work-group size and tiling that follow from it;
 *   <li>{@link KernelLauncher}: compile, run and check that the chosen device ran (never a silent fallback to
 *       Java); {@link #ranOn()} names that device for the model manifest. OpenCL drivers built on LLVM (PoCL)
 *       replace the JVM's signal handlers: a JVM that runs OpenCL needs {@code LD_PRELOAD=$JAVA_HOME/lib/libjsig.so}
 *       (signal chaining), which the launcher warns about when it is missing;
 *   <li>one class per op with its Java reference and its kernel launches side by side: {@link BasesConvOp},
 *       {@link ConvOp}, {@link MaxPoolOp}, {@link AvgPoolOp}.
 * </ul>
 *
 * <p>Work granularity per device: on a CPU (Java thread pool or OpenCL CPU) an item is a whole sample or
 * row, so the inner loops are long and contiguous; on a GPU an item is one output element. All kernels keep
 * the reference's accumulation order, so Java thread-pool results equal {@link JavaOps} bit for bit.
 *
 * <p>Buffers: kernels run in explicit mode ({@code put}/{@code get}), the caller's arrays are bound to the
 * kernels directly and the internal scratch arrays (repacked weights, transposed gradients) are reused
 * and only grow, so repeated training steps with the same arrays allocate nothing on the host or device.
 * Not thread-safe: one training loop per instance (methods are synchronized).
 */
public final class AparapiOps implements ConvOps, PoolOps, AutoCloseable {

  private final KernelDevice device;
  private final KernelLauncher launcher;
  private final BasesConvOp basesConv;
  private final ConvOp conv;
  private final MaxPoolOp maxPool;
  private final AvgPoolOp avgPool;

  /**
   * Why {@code choice} cannot run among {@code found}, a sentence with what to ask for instead; null when it can
   * (AUTO and JAVA always can).
   */
  public static String whyAbsent(DeviceChoice choice, OpenCLDevices found) {
    return KernelDevice.whyAbsent(choice, found);
  }

  /** Ops on the device {@code choice} names, asking the installed OpenCL driver for devices. */
  public static AparapiOps create(DeviceChoice choice) {
    return new AparapiOps(choice, OpenCLDevices::probe);
  }

  /**
   * Ops on the device {@code choice} names among {@code openCLDevices} (tests inject a list).
   *
   * @throws IllegalStateException when {@code choice} is GPU or OPENCL and there is no such device
   */
  public AparapiOps(DeviceChoice choice, Supplier<OpenCLDevices> openCLDevices) {
    this.device = KernelDevice.select(choice, openCLDevices);
    this.launcher = new KernelLauncher(device);
    this.basesConv = new BasesConvOp(launcher);
    this.conv = new ConvOp(launcher);
    this.maxPool = new MaxPoolOp(launcher);
    this.avgPool = new AvgPoolOp(launcher);
  }

  /** The choice this was created for. */
  public DeviceChoice choice() {
    return device.choice();
  }

  /** True when kernels run on an OpenCL device (not Aparapi's Java thread pool). */
  public boolean isOpenCL() {
    return device.openCL();
  }

  @Override
  public boolean runsOnHost() {
    return !device.openCL();
  }

  @Override
  public String deviceName() {
    return device.name();
  }

  /**
   * The device that really ran the last kernel (before any run: the chosen one), e.g.
   * {@code OpenCL CPU: Portable Computing Language pthread-...} or {@code Java thread pool (2 threads)}.
   */
  public String ranOn() {
    return launcher.ranOn();
  }

  /** Why AUTO chose the Java thread pool (empty otherwise). */
  public String selectionNote() {
    return device.selectionNote();
  }

  @Override
  public synchronized void forwardBases(ConvShape s, byte[] bases, float[] w, float[] b, float[] out) {
    basesConv.forward(s, bases, w, b, out);
  }

  @Override
  public synchronized void backwardBases(ConvShape s, byte[] bases, float[] gradOut, float[] gradW, float[] gradB) {
    basesConv.backward(s, bases, gradOut, gradW, gradB);
  }

  @Override
  public synchronized void forward(ConvShape s, float[] in, float[] w, float[] b, float[] out) {
    conv.forward(s, in, w, b, out);
  }

  @Override
  public synchronized void backward(ConvShape s, float[] in, float[] w, float[] gradOut, float[] gradIn,
      float[] gradW, float[] gradB) {
    conv.backward(s, in, w, gradOut, gradIn, gradW, gradB);
  }

  @Override
  public synchronized void maxForward(PoolShape s, float[] in, float[] out, int[] argmax) {
    maxPool.forward(s, in, out, argmax);
  }

  @Override
  public synchronized void maxBackward(PoolShape s, float[] gradOut, int[] argmax, float[] gradIn) {
    maxPool.backward(s, gradOut, argmax, gradIn);
  }

  @Override
  public synchronized void avgForward(PoolShape s, float[] in, float[] out) {
    avgPool.forward(s, in, out);
  }

  @Override
  public synchronized void avgBackward(PoolShape s, float[] gradOut, float[] gradIn) {
    avgPool.backward(s, gradOut, gradIn);
  }

  /** Runs any kernel of {@code items} work items on this device with the same checks (tests). */
  synchronized void launchForTest(DeviceBoundKernel k, String name, int items) {
    launcher.launch(launcher.bind(k), name, device.global(items), 1);
  }

  /** Frees the kernels' OpenCL resources. */
  @Override
  public synchronized void close() {
    launcher.close();
  }

  @Override
  public String toString() {
    return "AparapiOps[" + device.choice().cliName() + " -> " + ranOn() + "]";
  }
}
