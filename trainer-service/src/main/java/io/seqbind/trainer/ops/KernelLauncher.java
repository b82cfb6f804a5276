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
import io.seqbind.trainer.ops.aparapi.DeviceBoundKernel;
import io.seqbind.trainer.ops.aparapi.OpenCLDevices;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Runs kernels on one {@link KernelDevice} and never lets Aparapi fall back silently. Aparapi runs a kernel
 * it cannot build for OpenCL in Java instead and only logs it, so each kernel is compiled for the OpenCL device
 * before its first run ({@link CompileFailedException} becomes an {@link IllegalStateException} with Aparapi's
 * reason), and after every run the device that really ran (Aparapi's profile) is checked: an OpenCL choice
 * that ran in Java is an {@link IllegalStateException} naming the kernel and the reason.
 */
final class KernelLauncher {

  private static final Logger LOG = Logger.getLogger(KernelLauncher.class.getName());

  private final KernelDevice device;
  private final Set<Kernel> compiled = new LinkedHashSet<>();
  private final List<Kernel> bound = new ArrayList<>();
  private volatile String ranOn;

  KernelLauncher(KernelDevice device) {
    this.device = device;
    this.ranOn = device.name();
    AparapiWarnings.install();
    if (device.openCL() && !System.getenv().getOrDefault("LD_PRELOAD", "").contains("libjsig")) {
      LOG.warning("OpenCL in this JVM without signal chaining: an OpenCL driver built on LLVM (PoCL) replaces the"
          + " JVM's SIGSEGV handler and the JVM can crash at random; start it with"
          + " LD_PRELOAD=$JAVA_HOME/lib/libjsig.so");
    }
  }

  KernelDevice device() {
    return device;
  }

  /** The device that really ran the last kernel (before any run: the chosen one). */
  String ranOn() {
    return ranOn;
  }

  /**
   * Makes {@code k} run on this device only, with explicit buffer transfers ({@code put}/{@code get}), and
   * remembers it for {@link #close()}.
   */
  synchronized <K extends DeviceBoundKernel> K bind(K k) {
    k.setExplicit(true);
    k.bindTo(device.device());
    allow(k, device.device());
    bound.add(k);
    return k;
  }

  /**
   * Runs {@code k} over {@code global} work items ({@link KernelDevice#global}) in {@code passes} passes and
   * checks where it ran; {@code name} is for errors.
   */
  synchronized void launch(DeviceBoundKernel k, String name, int global, int passes) {
    // 1. First run on OpenCL: compile now, so that a kernel OpenCL cannot build fails here with the reason.
    if (device.openCL() && !compiled.contains(k)) {
      AparapiWarnings.clear();
      try {
        k.compile(device.device());
      } catch (CompileFailedException e) {
        throw new IllegalStateException("Aparapi kernel '" + name + "' (" + k.getClass().getSimpleName()
            + ") does not compile for " + device.name() + " (device " + device.choice().cliName() + "): "
            + e.getMessage(), e);
      }
      compiled.add(k);
    }
    // 2. Run: on OpenCL the range must come from the device, or Aparapi picks its own.
    Range range = device.openCL() ? device.device().createRange(global, device.localSize())
        : Range.create(global, device.localSize());
    AparapiWarnings.clear();
    k.execute(range, passes);
    // 3. Check the device that ran it against the one chosen.
    Device ran = lastDevice(k);
    String problem = mismatch(device.device(), ran);
    if (problem != null) {
      String warning = AparapiWarnings.last();
      throw new IllegalStateException("Aparapi kernel '" + name + "' (" + k.getClass().getSimpleName()
          + ") was to run on " + device.name() + " (device " + device.choice().cliName() + ") but " + problem
          + (warning == null ? "" : "; Aparapi said: " + warning));
    }
    ranOn = device.openCL() ? OpenCLDevices.describe(ran) : device.name();
  }

  /** Frees the OpenCL resources of every bound kernel. */
  synchronized void close() {
    for (Kernel k : bound) {
      k.dispose();
    }
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
    synchronized (KernelLauncher.class) {
      KernelPreferences prefs = KernelManager.instance().getPreferences(k);
      LinkedHashSet<Device> devices = new LinkedHashSet<>(prefs.getPreferredDevices(null));
      if (!devices.contains(d) || prefs.getFailedDevices().contains(d)) {
        devices.add(d);
        KernelManager.instance().setPreferredDevices(k, devices);
      }
    }
  }
}
