package io.seqbind.trainer.ops.aparapi;

import com.aparapi.device.Device;
import com.aparapi.device.OpenCLDevice;
import com.aparapi.internal.opencl.OpenCLLoader;
import com.aparapi.internal.opencl.OpenCLPlatform;
import java.util.ArrayList;
import java.util.List;

/**
 * The OpenCL devices that can run kernels, or why there are none. {@link #probe()} asks the OpenCL driver;
 * tests inject their own list (e.g. none, to check that asking for OpenCL then fails loudly).
 *
 * @param devices the devices, GPUs first, in platform order
 * @param whyNone when {@code devices} is empty, a sentence saying why (no driver, no platform, ...)
 */
public record OpenCLDevices(List<OpenCLDevice> devices, String whyNone) {

  public OpenCLDevices {
    devices = List.copyOf(devices);
    whyNone = whyNone == null ? "" : whyNone;
  }

  /** No device, with the reason. */
  public static OpenCLDevices none(String why) {
    return new OpenCLDevices(List.of(), why);
  }

  /** Asks the installed OpenCL driver (ICD loader) through Aparapi's native library. */
  public static OpenCLDevices probe() {
    try {
      if (!OpenCLLoader.isOpenCLAvailable()) {
        return none("Aparapi could not load OpenCL (no libOpenCL.so / ICD loader, or no native library for this"
            + " platform); install an OpenCL driver, e.g. apt-get install pocl-opencl-icd ocl-icd-libopencl1");
      }
      List<OpenCLDevice> gpus = new ArrayList<>();
      List<OpenCLDevice> others = new ArrayList<>();
      List<OpenCLPlatform> platforms = OpenCLPlatform.getUncachedOpenCLPlatforms();
      for (OpenCLPlatform platform : platforms) {
        for (OpenCLDevice d : platform.getOpenCLDevices()) {
          (d.getType() == Device.TYPE.GPU ? gpus : others).add(d);
        }
      }
      gpus.addAll(others);
      if (gpus.isEmpty()) {
        return none(platforms.isEmpty()
            ? "the OpenCL ICD loader lists no platform (no driver registered under /etc/OpenCL/vendors)"
            : "the OpenCL platforms " + platforms.stream().map(OpenCLPlatform::getName).toList()
                + " list no device");
      }
      return new OpenCLDevices(gpus, "");
    } catch (RuntimeException | LinkageError e) {
      return none("listing OpenCL devices failed: " + e);
    }
  }

  public boolean isEmpty() {
    return devices.isEmpty();
  }

  /** The first GPU, or null. */
  public OpenCLDevice firstGpu() {
    return devices.stream().filter(d -> d.getType() == Device.TYPE.GPU).findFirst().orElse(null);
  }

  /** A name for manifests and errors, e.g. {@code OpenCL CPU: Portable Computing Language pthread-...}. */
  public static String describe(Device d) {
    if (d instanceof OpenCLDevice cl) {
      String platform = cl.getOpenCLPlatform() == null ? "?" : cl.getOpenCLPlatform().getName();
      return "OpenCL " + cl.getType() + ": " + platform + " " + cl.getName();
    }
    return d == null ? "nothing (no run recorded)" : "Java " + d.getShortDescription();
  }
}
