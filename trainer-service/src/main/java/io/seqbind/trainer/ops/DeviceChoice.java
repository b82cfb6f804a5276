package io.seqbind.trainer.ops;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where the Aparapi kernels run (CLI values {@code auto|gpu|opencl|java}).
 * <ul>
 *   <li>{@link #AUTO}: an OpenCL GPU if there is one, else Aparapi's Java thread pool on the host (an
 *       OpenCL CPU device such as PoCL is slower than the host path, so it runs only when asked for);
 *   <li>{@link #GPU}: an OpenCL GPU, or an error saying why there is none;
 *   <li>{@link #OPENCL}: any OpenCL device (GPU first), or an error;
 *   <li>{@link #JAVA}: Aparapi's Java thread pool (one thread per core), no OpenCL at all.
 * </ul>
 * Asking for {@link #GPU} or {@link #OPENCL} never silently runs in Java: see {@code AparapiOps}.
 */
public enum DeviceChoice {
  AUTO, GPU, OPENCL, JAVA;

  /** The value on the command line and in manifests. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a CLI value (case-insensitive); the error lists the accepted values. */
  public static DeviceChoice parse(String value) {
    for (DeviceChoice c : values()) {
      if (c.cliName().equalsIgnoreCase(value == null ? "" : value.trim())) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown device '" + value + "': expected one of "
        + Arrays.stream(values()).map(DeviceChoice::cliName).collect(Collectors.joining("|")));
  }
}
