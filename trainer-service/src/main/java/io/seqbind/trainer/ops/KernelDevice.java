package io.seqbind.trainer.ops;

import com.aparapi.device.Device;
import com.aparapi.device.JavaDevice;
import com.aparapi.device.OpenCLDevice;
import io.seqbind.trainer.ops.aparapi.OpenCLDevices;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The device the kernels run on, chosen once from a {@link DeviceChoice} and the OpenCL devices found, and
 * what follows from it for every launch: OpenCL or not, GPU or not, the work-group (local) size and the name
 * that manifests and errors show.
 *
 * @param choice        what was asked for
 * @param device        Aparapi's device: an OpenCL device or {@link JavaDevice#THREAD_POOL}
 * @param gpu           an OpenCL GPU (one output element per work item; on a CPU an item is a whole row)
 * @param localSize     work items per group: the core count in the Java thread pool (one task per local item,
 *                      the fastest there), up to 64 on a GPU, 1 on an OpenCL CPU
 * @param name          e.g. {@code OpenCL CPU: Portable Computing Language pthread-...} or
 *                      {@code Java thread pool (2 threads)}
 * @param selectionNote why AUTO chose the Java thread pool (empty otherwise)
 */
record KernelDevice(DeviceChoice choice, Device device, boolean gpu, int localSize, String name,
    String selectionNote) {

  private static final Logger LOG = Logger.getLogger(KernelDevice.class.getName());

  /** True for an OpenCL device, false for Aparapi's Java thread pool. */
  boolean openCL() {
    return device instanceof OpenCLDevice;
  }

  /**
   * Why {@code choice} cannot run among {@code found}, a sentence with what to ask for instead; null when it can
   * (AUTO and JAVA always can).
   */
  static String whyAbsent(DeviceChoice choice, OpenCLDevices found) {
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

  /**
   * The device {@code choice} names among {@code openCLDevices} (not asked for JAVA).
   *
   * @throws IllegalStateException when {@code choice} is GPU or OPENCL and there is no such device
   */
  static KernelDevice select(DeviceChoice choice, Supplier<OpenCLDevices> openCLDevices) {
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
    boolean openCL = chosen instanceof OpenCLDevice;
    boolean gpu = openCL && chosen.getType() == Device.TYPE.GPU;
    int cores = Runtime.getRuntime().availableProcessors();
    int localSize = !openCL ? cores : gpu ? Math.min(64, Math.max(1, chosen.getMaxWorkGroupSize())) : 1;
    String name = openCL ? OpenCLDevices.describe(chosen) : "Java thread pool (" + cores + " threads)";
    return new KernelDevice(choice, chosen, gpu, localSize, name, note);
  }

  /** Work items per tile along a row of {@code whole}: 1 on a GPU (an item per element), else the whole row. */
  int tile(int whole) {
    return gpu ? 1 : whole;
  }

  /** Rows per work item in the pooling backward passes: one on a GPU, else enough for ~4 items per thread. */
  int rowTile(int rows) {
    return gpu ? 1 : Math.max(1, Math.min(64, rows / (4 * localSize)));
  }

  /** {@code items} rounded up to whole work groups (the kernels skip the padding items). */
  int global(int items) {
    int n = Math.max(items, 1);
    return Tiles.ceilDiv(n, localSize) * localSize;
  }
}
