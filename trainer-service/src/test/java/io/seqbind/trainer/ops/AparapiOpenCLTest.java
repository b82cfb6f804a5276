package io.seqbind.trainer.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.seqbind.trainer.ops.aparapi.OpenCLDevices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The kernels on an OpenCL device (PoCL on the CPU in CI). Skipped, with the reason, when the machine has
 * no OpenCL device, unless {@code SEQBIND_REQUIRE_OPENCL=1} (test.sh sets it after installing PoCL), which
 * turns a missing device into a failure.
 *
 * <p>Tolerances, relative to max(1, max |reference|) of each compared array: 1e-5 for forward passes and
 * 1e-4 for gradients. The summation order is the reference's, but the OpenCL compiler may contract
 * {@code a * b + c} into a fused multiply-add (one rounding instead of two); on one-hot input, where no
 * products occur, results are usually identical.
 */
class AparapiOpenCLTest extends OpsContractTest {

  private static AparapiOps ops;

  @BeforeAll
  static void create() {
    if (!OpenCLDevices.probe().isEmpty()) {
      ops = AparapiOps.create(DeviceChoice.OPENCL);
    }
  }

  /** Per test, so that each one is reported as skipped with the reason (or failed when required). */
  @BeforeEach
  void needsOpenCL() {
    requireOpenCL();
  }

  /** Skips (or, with SEQBIND_REQUIRE_OPENCL=1, fails) when there is no OpenCL device. */
  static void requireOpenCL() {
    OpenCLDevices devices = OpenCLDevices.probe();
    if (devices.isEmpty()) {
      String why = "no OpenCL device: " + devices.whyNone();
      if ("1".equals(System.getenv("SEQBIND_REQUIRE_OPENCL"))) {
        fail("SEQBIND_REQUIRE_OPENCL=1 but " + why);
      }
      Assumptions.abort(why + " (set SEQBIND_REQUIRE_OPENCL=1 to make this a failure)");
    }
  }

  @AfterAll
  static void close() {
    if (ops != null) {
      ops.close();
    }
  }

  @Override
  AparapiOps ops() {
    return ops;
  }

  @Override
  float forwardTolerance() {
    return 1e-5f;
  }

  @Override
  float gradientTolerance() {
    return 1e-4f;
  }

  @Test
  void reportsTheOpenCLDeviceThatRan() {
    ops.forwardBases(new ConvShape(1, 1, 4, 5, 1, 2, 1), new byte[5], new float[8], new float[1], new float[4]);
    assertTrue(ops.isOpenCL());
    assertTrue(ops.ranOn().startsWith("OpenCL "), ops.ranOn());
    System.out.println("AparapiOpenCLTest ran on: " + ops.ranOn());
  }
}
