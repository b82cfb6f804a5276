package io.seqbind.trainer.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The kernels in Aparapi's Java thread pool: bit for bit equal to {@link JavaOps}, because every kernel
 * keeps the reference's accumulation order (and Java has no FMA contraction).
 */
class AparapiJavaThreadPoolTest extends OpsContractTest {

  private static AparapiOps ops;

  @BeforeAll
  static void create() {
    ops = AparapiOps.create(DeviceChoice.JAVA);
  }

  @AfterAll
  static void close() {
    ops.close();
  }

  @Override
  AparapiOps ops() {
    return ops;
  }

  @Override
  float forwardTolerance() {
    return 0f;
  }

  @Override
  float gradientTolerance() {
    return 0f;
  }

  @Test
  void reportsTheJavaThreadPool() {
    ops.forwardBases(new ConvShape(1, 1, 4, 5, 1, 2, 1), new byte[5], new float[8], new float[1], new float[4]);
    assertEquals("Java thread pool (" + Runtime.getRuntime().availableProcessors() + " threads)", ops.ranOn());
  }
}
