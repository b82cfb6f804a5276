package io.seqbind.trainer.ops.aparapi;

import com.aparapi.Kernel;
import com.aparapi.device.Device;

/**
 * A kernel instance that Aparapi may run on one device only. Aparapi keeps device preferences per kernel
 * class; {@link #isAllowDevice} narrows them per instance, so that two ops objects on different devices
 * (e.g. the Java thread pool and PoCL in one test JVM) do not steer each other's kernels. Host-side state
 * only: nothing here is used by {@code run()}.
 */
public abstract class DeviceBoundKernel extends Kernel {
  private Device only;

  /** Restricts this instance to {@code device}. */
  public final void bindTo(Device device) {
    this.only = device;
  }

  @Override
  public boolean isAllowDevice(Device device) {
    return only == null || only.equals(device);
  }
}
