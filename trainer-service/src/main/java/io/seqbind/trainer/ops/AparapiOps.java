package io.seqbind.trainer.ops;

import com.aparapi.Kernel;
import com.aparapi.ProfileReport;
import com.aparapi.Range;
import com.aparapi.device.Device;
import com.aparapi.device.JavaDevice;
import com.aparapi.device.OpenCLDevice;
import com.aparapi.exception.CompileFailedException;
import com.aparapi.internal.kernel.KernelDeviceProfile;
import com.aparapi.internal.kernel.KernelManager;
import com.aparapi.internal.kernel.KernelPreferences;
import com.aparapi.internal.kernel.KernelProfile;
import io.seqbind.trainer.ops.aparapi.AvgPoolBackwardKernel;
import io.seqbind.trainer.ops.aparapi.AvgPoolForwardKernel;
import io.seqbind.trainer.ops.aparapi.ConvBackwardKernel;
import io.seqbind.trainer.ops.aparapi.ConvBasesBackwardKernel;
import io.seqbind.trainer.ops.aparapi.ConvBasesForwardKernel;
import io.seqbind.trainer.ops.aparapi.ConvForwardKernel;
import io.seqbind.trainer.ops.aparapi.DeviceBoundKernel;
import io.seqbind.trainer.ops.aparapi.MaxPoolBackwardKernel;
import io.seqbind.trainer.ops.aparapi.MaxPoolForwardKernel;
import io.seqbind.trainer.ops.aparapi.OpenCLDevices;
import java.lang.ref.WeakReference;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Convolution and pooling passes as Aparapi kernels on the device a {@link DeviceChoice} names:
 * {@code AparapiOps.create(DeviceChoice.AUTO)}. Never falls back silently: each kernel is compiled for the
 * chosen OpenCL device first ({@link CompileFailedException} becomes an {@link IllegalStateException} with
 * Aparapi's reason), and after every run the device that really ran (Aparapi's profile) is checked; an
 * OpenCL choice that ran in Java is an {@link IllegalStateException} naming the kernel and the reason.
 * {@link #ranOn()} names the device for the model manifest.
 *
 * <p>Work granularity per device: on a CPU (Java thread pool or OpenCL CPU) an item is a whole sample or
 * row, so the inner loops are long and contiguous; on a GPU an item is one output element. In the Java
 * thread pool the local size is the number of cores (one task per local work item). All kernels keep
 * {@link JavaOps}' accumulation order, so Java thread-pool results equal the reference bit for bit.
 *
 * <p>Buffers: kernels run in explicit mode ({@code put}/{@code get}), the caller's arrays are bound to the
 * kernels directly and the internal scratch arrays (repacked weights, transposed gradients) are reused
 * and only grow, so repeated training steps with the same arrays allocate nothing on the host or device.
 * Not thread-safe: one training loop per instance (methods are synchronized).
 */
public final class AparapiOps implements ConvOps, PoolOps, AutoCloseable {

  private static final Logger LOG = Logger.getLogger(AparapiOps.class.getName());

  private final DeviceChoice choice;
  private final Device device;
  private final boolean openCL;
  private final boolean gpu;
  private final int localSize;
  private final String deviceName;
  private final String selectionNote;
  private volatile String ranOn;

  private final ConvBasesForwardKernel basesForward = new ConvBasesForwardKernel();
  private final ConvBasesBackwardKernel basesBackward = new ConvBasesBackwardKernel();
  private final ConvForwardKernel convForward = new ConvForwardKernel();
  private final ConvBackwardKernel convBackward = new ConvBackwardKernel();
  private final MaxPoolForwardKernel maxForward = new MaxPoolForwardKernel();
  private final MaxPoolBackwardKernel maxBackward = new MaxPoolBackwardKernel();
  private final AvgPoolForwardKernel avgForward = new AvgPoolForwardKernel();
  private final AvgPoolBackwardKernel avgBackward = new AvgPoolBackwardKernel();
  private final List<DeviceBoundKernel> kernels = List.of(basesForward, basesBackward, convForward, convBackward,
      maxForward, maxBackward, avgForward, avgBackward);
  private final LinkedHashSet<Kernel> compiled = new LinkedHashSet<>();

  private final float[] dummy = new float[1];

  /**
   * Why {@code choice} cannot run among {@code found}, a sentence with what to ask for instead; null when it can
   * (AUTO and JAVA always can).
   */
  public static String whyAbsent(DeviceChoice choice, OpenCLDevices found) {
    if (choice == DeviceChoice.GPU && found.firstGpu() == null) {
      return "device 'gpu' asked for, but there is no OpenCL GPU: " + (found.isEmpty() ? found.whyNone()
          : "the OpenCL devices are " + found.devices().stream().map(OpenCLDevices::describe).toList())
          + ". Use --device opencl or --device java to run elsewhere.";
    }
    if (choice == DeviceChoice.OPENCL && found.isEmpty()) {
      return "device 'opencl' asked for, but there is no OpenCL device: " + found.whyNone()
          + ". Use --device java to run in Aparapi's Java thread pool.";
    }
    return null;
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
    this.choice = choice;
    OpenCLDevices found = choice == DeviceChoice.JAVA ? OpenCLDevices.none("not asked") : openCLDevices.get();
    String absent = whyAbsent(choice, found);
    if (absent != null) {
      throw new IllegalStateException(absent);
    }
    Device chosen;
    String note = "";
    switch (choice) {
      case JAVA -> chosen = JavaDevice.THREAD_POOL;
      case GPU -> chosen = found.firstGpu();
      case OPENCL -> chosen = found.devices().get(0);
      default -> {
        // A GPU when there is one. An OpenCL CPU device (PoCL) is for checking the kernels, not for speed:
        // on a CPU the host path (Java thread pool plus fused host layers) is several times faster.
        chosen = found.firstGpu();
        if (chosen == null) {
          chosen = JavaDevice.THREAD_POOL;
          note = found.isEmpty() ? "no OpenCL device: " + found.whyNone()
              : "no OpenCL GPU (a CPU OpenCL device runs only with --device opencl)";
          LOG.info("device auto: running on the host in Aparapi's Java thread pool (" + note + ")");
        }
      }
    }
    this.device = chosen;
    this.openCL = chosen instanceof OpenCLDevice;
    this.gpu = openCL && chosen.getType() == Device.TYPE.GPU;
    int cores = Runtime.getRuntime().availableProcessors();
    this.localSize = !openCL ? cores : gpu ? Math.min(64, Math.max(1, chosen.getMaxWorkGroupSize())) : 1;
    this.deviceName = openCL ? OpenCLDevices.describe(chosen) : "Java thread pool (" + cores + " threads)";
    this.selectionNote = note;
    this.ranOn = deviceName;
    for (DeviceBoundKernel k : kernels) {
      k.setExplicit(true);
      k.bindTo(chosen);
      allow(k, chosen);
    }
    AparapiWarnings.install();
    if (openCL && !System.getenv().getOrDefault("LD_PRELOAD", "").contains("libjsig")) {
      LOG.warning("OpenCL in this JVM without signal chaining: an OpenCL driver built on LLVM (PoCL) replaces the"
          + " JVM's SIGSEGV handler and the JVM can crash at random; start it with"
          + " LD_PRELOAD=$JAVA_HOME/lib/libjsig.so");
    }
  }

  /** The choice this was created for. */
  public DeviceChoice choice() {
    return choice;
  }

  /** True when kernels run on an OpenCL device (not Aparapi's Java thread pool). */
  public boolean isOpenCL() {
    return openCL;
  }

  @Override
  public boolean runsOnHost() {
    return !openCL;
  }

  /**
   * The device that really ran the last kernel (before any run: the chosen one), e.g.
   * {@code OpenCL CPU: Portable Computing Language pthread-...} or {@code Java thread pool (2 threads)}.
   */
  public String ranOn() {
    return ranOn;
  }

  /** Why AUTO chose the Java thread pool (empty otherwise). */
  public String selectionNote() {
    return selectionNote;
  }

  // ---------------------------------------------------------------- convolution

  private float[] wp = new float[1];
  private float[] acc = new float[1];
  private float[] gT = new float[1];
  private float[] gwp = new float[1];
  private float[] part = new float[1];

  @Override
  public synchronized void forwardBases(ConvShape s, byte[] bases, float[] w, float[] b, float[] out) {
    requireFourChannels(s);
    int nf = s.filters();
    int nw = s.width();
    wp = grow(wp, s.models() * 5 * nw * nf);
    repackWeights(s, w, wp);
    int pTile = gpu ? 1 : s.outLength();
    int fTile = gpu ? 1 : nf;
    int pTiles = ceilDiv(s.outLength(), pTile);
    int fTiles = ceilDiv(nf, fTile);
    int items = s.models() * s.batch() * pTiles * fTiles;
    int global = roundUp(items);
    int accStride = padded(fTile);
    acc = grow(acc, global * accStride);
    ConvBasesForwardKernel k = basesForward;
    k.bases = bases;
    k.wp = wp;
    k.bias = b;
    k.outp = out;
    k.acc = acc;
    k.accStride = accStride;
    k.batch = s.batch();
    k.length = s.length();
    k.filters = nf;
    k.width = nw;
    k.dilation = s.dilation();
    k.outLength = s.outLength();
    k.pTile = pTile;
    k.pTiles = pTiles;
    k.fTile = fTile;
    k.fTiles = fTiles;
    k.items = items;
    k.put(bases).put(wp).put(b);
    launch(k, "conv forward (bases)", global, 1);
    k.get(out);
  }

  @Override
  public synchronized void backwardBases(ConvShape s, byte[] bases, float[] gradOut, float[] gradW, float[] gradB) {
    requireFourChannels(s);
    int nf = s.filters();
    int nw = s.width();
    int lOut = s.outLength();
    int pTile = gpu ? 1 : lOut;
    int pTiles = ceilDiv(lOut, pTile);
    int fTile = gpu ? 1 : nf;
    int fTiles = ceilDiv(nf, fTile);
    int items0 = s.models() * s.batch() * pTiles;
    int items1 = s.models() * (nw + 1) * fTiles;
    gT = grow(gT, s.outputSize());
    gwp = grow(gwp, s.models() * 4 * nw * nf);
    int global = roundUp(Math.max(items0, items1));
    int partStride = padded(4 * fTile);
    part = grow(part, global * partStride);
    ConvBasesBackwardKernel k = basesBackward;
    k.bases = bases;
    k.gradOut = gradOut;
    k.gT = gT;
    k.gwp = gwp;
    k.gradB = gradB;
    k.part = part;
    k.partStride = partStride;
    k.models = s.models();
    k.batch = s.batch();
    k.length = s.length();
    k.filters = nf;
    k.width = nw;
    k.dilation = s.dilation();
    k.outLength = lOut;
    k.pTile = pTile;
    k.pTiles = pTiles;
    k.fTile = fTile;
    k.fTiles = fTiles;
    k.items0 = items0;
    k.items1 = items1;
    k.put(bases).put(gradOut);
    launch(k, "conv backward (bases)", global, 2);
    k.get(gwp).get(gradB);
    unpackWeights(s, gwp, gradW);
  }

  @Override
  public synchronized void forward(ConvShape s, float[] in, float[] w, float[] b, float[] out) {
    int lOut = s.outLength();
    int pTile = gpu ? 1 : lOut;
    int fTile = 1;
    int pTiles = ceilDiv(lOut, pTile);
    int fTiles = ceilDiv(s.filters(), fTile);
    int items = s.models() * s.batch() * fTiles * pTiles;
    ConvForwardKernel k = convForward;
    k.inp = in;
    k.w = w;
    k.bias = b;
    k.outp = out;
    k.batch = s.batch();
    k.inChannels = s.inChannels();
    k.length = s.length();
    k.filters = s.filters();
    k.width = s.width();
    k.dilation = s.dilation();
    k.outLength = lOut;
    k.pTile = pTile;
    k.pTiles = pTiles;
    k.fTile = fTile;
    k.fTiles = fTiles;
    k.items = items;
    k.put(in).put(w).put(b);
    launch(k, "conv forward", roundUp(items), 1);
    k.get(out);
  }

  @Override
  public synchronized void backward(ConvShape s, float[] in, float[] w, float[] gradOut, float[] gradIn,
      float[] gradW, float[] gradB) {
    int kTile = gpu ? 1 : s.width();
    int kTiles = ceilDiv(s.width(), kTile);
    int iTile = gpu ? 1 : s.length();
    int iTiles = ceilDiv(s.length(), iTile);
    int itemsW = s.models() * s.filters() * (s.inChannels() + 1) * kTiles;
    int itemsIn = gradIn == null ? 0 : s.models() * s.batch() * s.inChannels() * iTiles;
    int global = roundUp(itemsW + itemsIn);
    int partStride = padded(kTile);
    part = grow(part, global * partStride);
    ConvBackwardKernel k = convBackward;
    k.inp = in;
    k.w = w;
    k.gradOut = gradOut;
    k.gradW = gradW;
    k.gradB = gradB;
    k.gradIn = gradIn == null ? dummy : gradIn;
    k.part = part;
    k.partStride = partStride;
    k.batch = s.batch();
    k.inChannels = s.inChannels();
    k.length = s.length();
    k.filters = s.filters();
    k.width = s.width();
    k.dilation = s.dilation();
    k.outLength = s.outLength();
    k.kTile = kTile;
    k.kTiles = kTiles;
    k.iTile = iTile;
    k.iTiles = iTiles;
    k.itemsW = itemsW;
    k.itemsIn = itemsIn;
    k.withGradIn = gradIn == null ? 0 : 1;
    k.put(in).put(w).put(gradOut);
    launch(k, "conv backward", global, 1);
    k.get(gradW).get(gradB);
    if (gradIn != null) {
      k.get(gradIn);
    }
  }

  // ---------------------------------------------------------------- pooling

  @Override
  public synchronized void maxForward(PoolShape s, float[] in, float[] out, int[] argmax) {
    int lOut = s.outLength();
    int qTile = gpu ? 1 : lOut;
    int qTiles = ceilDiv(lOut, qTile);
    int items = rows(s) * qTiles;
    MaxPoolForwardKernel k = maxForward;
    k.inp = in;
    k.outp = out;
    k.argmax = argmax;
    k.length = s.length();
    k.window = s.window();
    k.stride = s.stride();
    k.outLength = lOut;
    k.qTile = qTile;
    k.qTiles = qTiles;
    k.items = items;
    k.put(in);
    launch(k, "max pool forward", roundUp(items), 1);
    k.get(out).get(argmax);
  }

  @Override
  public synchronized void maxBackward(PoolShape s, float[] gradOut, int[] argmax, float[] gradIn) {
    int rows = rows(s);
    int rTile = rowTile(rows);
    int items = ceilDiv(rows, rTile);
    MaxPoolBackwardKernel k = maxBackward;
    k.gradOut = gradOut;
    k.argmax = argmax;
    k.gradIn = gradIn;
    k.rows = rows;
    k.length = s.length();
    k.outLength = s.outLength();
    k.rTile = rTile;
    k.items = items;
    k.put(gradOut).put(argmax);
    launch(k, "max pool backward", roundUp(items), 1);
    k.get(gradIn);
  }

  @Override
  public synchronized void avgForward(PoolShape s, float[] in, float[] out) {
    int lOut = s.outLength();
    int qTile = gpu ? 1 : lOut;
    int qTiles = ceilDiv(lOut, qTile);
    int items = rows(s) * qTiles;
    AvgPoolForwardKernel k = avgForward;
    k.inp = in;
    k.outp = out;
    k.length = s.length();
    k.window = s.window();
    k.stride = s.stride();
    k.outLength = lOut;
    k.qTile = qTile;
    k.qTiles = qTiles;
    k.items = items;
    k.put(in);
    launch(k, "average pool forward", roundUp(items), 1);
    k.get(out);
  }

  @Override
  public synchronized void avgBackward(PoolShape s, float[] gradOut, float[] gradIn) {
    int rows = rows(s);
    int rTile = rowTile(rows);
    int items = ceilDiv(rows, rTile);
    AvgPoolBackwardKernel k = avgBackward;
    k.gradOut = gradOut;
    k.gradIn = gradIn;
    k.rows = rows;
    k.length = s.length();
    k.window = s.window();
    k.stride = s.stride();
    k.outLength = s.outLength();
    k.rTile = rTile;
    k.items = items;
    k.put(gradOut);
    launch(k, "average pool backward", roundUp(items), 1);
    k.get(gradIn);
  }

  /** Frees the kernels' OpenCL resources. */
  @Override
  public synchronized void close() {
    for (Kernel k : kernels) {
      k.dispose();
    }
  }

  // ---------------------------------------------------------------- running and checking

  /** Runs any kernel of {@code items} work items on this device with the same checks (tests). */
  synchronized void launchForTest(DeviceBoundKernel k, String name, int items) {
    k.setExplicit(true);
    k.bindTo(device);
    allow(k, device);
    launch(k, name, roundUp(items), 1);
  }

  private void launch(DeviceBoundKernel k, String name, int global, int passes) {
    if (openCL && !compiled.contains(k)) {
      AparapiWarnings.clear();
      try {
        k.compile(device);
      } catch (CompileFailedException e) {
        throw new IllegalStateException("Aparapi kernel '" + name + "' (" + k.getClass().getSimpleName()
            + ") does not compile for " + deviceName + " (device " + choice.cliName() + "): " + e.getMessage(), e);
      }
      compiled.add(k);
    }
    Range range = openCL ? device.createRange(global, localSize) : Range.create(global, localSize);
    AparapiWarnings.clear();
    k.execute(range, passes);
    Device ran = lastDevice(k);
    String problem = mismatch(device, ran);
    if (problem != null) {
      String warning = AparapiWarnings.last();
      throw new IllegalStateException("Aparapi kernel '" + name + "' (" + k.getClass().getSimpleName() + ") was to run on "
          + deviceName + " (device " + choice.cliName() + ") but " + problem
          + (warning == null ? "" : "; Aparapi said: " + warning));
    }
    ranOn = openCL ? OpenCLDevices.describe(ran) : deviceName;
  }

  /** Null when {@code ran} is the device that was {@code wanted}, else what went wrong. Visible for tests. */
  static String mismatch(Device wanted, Device ran) {
    if (ran == null) {
      return "Aparapi recorded no run for it";
    }
    if (wanted instanceof OpenCLDevice) {
      if (ran instanceof OpenCLDevice && ran.getDeviceId() == wanted.getDeviceId()) {
        return null;
      }
      return "it ran on " + OpenCLDevices.describe(ran) + " (Aparapi's silent fallback)";
    }
    return ran == JavaDevice.THREAD_POOL ? null : "it ran on " + OpenCLDevices.describe(ran);
  }

  /** The device that last ran {@code k}'s class on this thread, from Aparapi's profile. */
  private static Device lastDevice(Kernel k) {
    KernelProfile profile = KernelManager.instance().getProfile(k.getClass());
    KernelDeviceProfile last = profile == null ? null : profile.getLastDeviceProfile();
    if (last == null) {
      return null;
    }
    WeakReference<ProfileReport> ref = last.getReportCurrentThread();
    if (ref == null) {
      ref = last.getReportLastThread();
    }
    ProfileReport report = ref == null ? null : ref.get();
    return report == null ? null : report.getDevice();
  }

  /** Adds {@code d} to the class-wide preferences (Aparapi rejects a device missing there). */
  private static void allow(Kernel k, Device d) {
    synchronized (AparapiOps.class) {
      KernelPreferences prefs = KernelManager.instance().getPreferences(k);
      LinkedHashSet<Device> devices = new LinkedHashSet<>(prefs.getPreferredDevices(null));
      if (!devices.contains(d) || prefs.getFailedDevices().contains(d)) {
        devices.add(d);
        KernelManager.instance().setPreferredDevices(k, devices);
      }
    }
  }

  // ---------------------------------------------------------------- host-side helpers

  /** {@code wp[m][c][k][f] = w[m][f][c][k]}, plus {@code c = 4}: the ambiguous column, as JavaOps sums it. */
  static void repackWeights(ConvShape s, float[] w, float[] wp) {
    int nf = s.filters();
    int nw = s.width();
    for (int m = 0; m < s.models(); m++) {
      for (int f = 0; f < nf; f++) {
        int wf = (m * nf + f) * 4 * nw;
        for (int k = 0; k < nw; k++) {
          float amb = 0f;
          for (int c = 0; c < 4; c++) {
            float v = w[wf + c * nw + k];
            wp[((m * 5 + c) * nw + k) * nf + f] = v;
            amb += 0.25f * v;
          }
          wp[((m * 5 + 4) * nw + k) * nf + f] = amb;
        }
      }
    }
  }

  /** {@code gradW[m][f][c][k] = gwp[m][c][k][f]}. */
  static void unpackWeights(ConvShape s, float[] gwp, float[] gradW) {
    int nf = s.filters();
    int nw = s.width();
    for (int m = 0; m < s.models(); m++) {
      for (int c = 0; c < 4; c++) {
        for (int k = 0; k < nw; k++) {
          int src = ((m * 4 + c) * nw + k) * nf;
          for (int f = 0; f < nf; f++) {
            gradW[((m * nf + f) * 4 + c) * nw + k] = gwp[src + f];
          }
        }
      }
    }
  }

  private static void requireFourChannels(ConvShape s) {
    if (s.inChannels() != 4) {
      throw new IllegalArgumentException("a convolution on base codes has 4 input channels, not " + s.inChannels());
    }
  }

  private static int rows(PoolShape s) {
    return s.models() * s.batch() * s.channels();
  }

  /** Rows per work item in the pooling backward passes: one on a GPU, else enough for ~4 items per thread. */
  private int rowTile(int rows) {
    return gpu ? 1 : Math.max(1, Math.min(64, rows / (4 * localSize)));
  }

  private int roundUp(int items) {
    int n = Math.max(items, 1);
    return ceilDiv(n, localSize) * localSize;
  }

  /** {@code n} floats rounded up to whole 64-byte cache lines plus one line of padding. */
  private static int padded(int n) {
    return ceilDiv(n, 16) * 16 + 16;
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  private static float[] grow(float[] a, int size) {
    return a.length >= size ? a : new float[size];
  }

  /** Records Aparapi's last warning on this thread (the reason of a fallback) for error messages. */
  static final class AparapiWarnings extends Handler {
    private static final ThreadLocal<String> LAST = new ThreadLocal<>();
    private static volatile boolean installed;

    static synchronized void install() {
      if (!installed) {
        Logger.getLogger(com.aparapi.Config.getLoggerName()).addHandler(new AparapiWarnings());
        installed = true;
      }
    }

    static void clear() {
      LAST.remove();
    }

    static String last() {
      return LAST.get();
    }

    @Override
    public void publish(LogRecord r) {
      if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
        LAST.set(r.getMessage());
      }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
  }

  @Override
  public String toString() {
    return "AparapiOps[" + choice.cliName() + " -> " + ranOn + "]";
  }
}
