package io.seqbind.trainer.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqbind.core.model.LayerSpec;
import io.seqbind.core.model.ModelSpec;
import io.seqbind.core.model.OutputHead;
import io.seqbind.core.model.PoolMode;
import io.seqbind.core.model.ReverseComplement;
import io.seqbind.core.model.TaskType;
import io.seqbind.trainer.engine.OpPlan.Code;
import io.seqbind.trainer.ops.ConvOps;
import io.seqbind.trainer.ops.ConvShape;
import io.seqbind.trainer.ops.JavaOps;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** The plan's choice per layer, with the work counted by hand, and its log written once per ops and plan. */
class OpPlanTest {

  /** DeepBind's shape: conv 16x24, ReLU, global max, dense 32, ReLU, dropout, one logit. */
  private static final ModelSpec DEEPBIND = new ModelSpec("plan_deepbind", List.of(new LayerSpec.Conv(16, 24, 1),
      new LayerSpec.Relu(), new LayerSpec.GlobalPool(PoolMode.MAX), new LayerSpec.Dense(32), new LayerSpec.Relu(),
      new LayerSpec.Dropout(0.5)), new OutputHead(1, TaskType.BINARY), ReverseComplement.OFF);

  @Test
  void hostOpsFuseTheFirstLayersAndRunSmallDenseLayersInFlatLoops() {
    JavaOps ops = new JavaOps();
    OpPlan plan = new OpPlan(DEEPBIND, 1, 64, 101, ops);
    assertTrue(plan.fusesFirstLayers());
    for (int i = 0; i < 3; i++) {
      assertEquals(Code.FUSED_HOST, plan.step(i).code(), "layer " + i);
    }
    // dense 32 over 16 pooled channels: 64 samples x 32 units x 16 inputs = 32,768 multiply-adds <= 2^22
    assertEquals(Code.HOST_DENSE, plan.step(3).code());
    assertTrue(plan.denseLoops(3));
    assertSame(OpPlan.HOST, plan.convOps(3));
    assertEquals(Code.HOST_LOOPS, plan.step(4).code());
    assertEquals(Code.HOST_LOOPS, plan.step(5).code());
    assertEquals(Code.HOST_DENSE, plan.step(6).code(), "the head");
    assertTrue(plan.step(3).why().contains("32,768"), plan.step(3).why());
    // a header, then one line per layer and the head
    List<String> lines = plan.lines();
    assertEquals(1 + 6 + 1, lines.size(), String.join("\n", lines));
    assertTrue(lines.get(1).startsWith("  layer0 conv 16x24 -> host, BasesConvReluMaxLayer"), lines.get(1));
    assertTrue(lines.get(7).startsWith("  head dense 1 -> host, ConvLayer's flat dense loops"), lines.get(7));
  }

  @Test
  void deviceOpsRunTheFirstLayersUnfusedOnTheirKernels() {
    ConvOps device = deviceOps();
    OpPlan plan = new OpPlan(DEEPBIND, 1, 64, 101, device);
    assertFalse(plan.fusesFirstLayers());
    assertEquals(Code.OPS, plan.step(0).code());
    assertEquals(Code.HOST_LOOPS, plan.step(1).code());
    assertEquals(Code.OPS, plan.step(2).code(), "pooling runs on the ops");
    assertSame(device, plan.convOps(0));
    // the small dense layer stays on the host on any device
    assertEquals(Code.HOST_DENSE, plan.step(3).code());
    assertTrue(plan.lines().get(1).contains("layer0 conv 16x24 -> ops on test device"), plan.lines().get(1));
  }

  @Test
  void largeConvolutionsRunOnTheOpsAndSmallOnesOnTheHostReference() {
    ModelSpec spec = new ModelSpec("plan_stack", List.of(new LayerSpec.Conv(16, 8, 1), new LayerSpec.Relu(),
        new LayerSpec.Conv(64, 9, 1), new LayerSpec.Relu(), new LayerSpec.Conv(4, 3, 2)),
        new OutputHead(2, TaskType.BINARY), ReverseComplement.OFF);
    ConvOps device = deviceOps();
    // conv 64x9 over 16 channels of 94 positions: 86 outputs; 64 x 64 x 16 x 9 x 86 = 50,724,864 > 2^22
    OpPlan big = new OpPlan(spec, 1, 64, 101, device);
    assertEquals(new ConvShape(1, 64, 16, 94, 64, 9, 1).work(), 50_724_864L);
    assertEquals(Code.OPS, big.step(2).code());
    assertSame(device, big.convOps(2));
    // conv 4x3 dilation 2 over 64 channels of 86 positions: 82 outputs; 64 x 4 x 64 x 3 x 82 = 4,030,464 <= 2^22,
    // and its window is not the whole input: the JavaOps loops
    assertEquals(Code.HOST_REFERENCE, big.step(4).code());
    assertSame(OpPlan.HOST, big.convOps(4));
    assertFalse(big.denseLoops(4));
    // at batch 2 the middle convolution is small too
    assertEquals(Code.HOST_REFERENCE, new OpPlan(spec, 1, 2, 101, device).step(2).code());
  }

  @Test
  void aPlanIsLoggedOncePerOpsInstance() {
    Logger log = Logger.getLogger(OpPlan.class.getName());
    List<String> records = new ArrayList<>();
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord r) {
        if (r.getMessage().contains("plan_deepbind")) {
          records.add(r.getMessage());
        }
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    };
    log.addHandler(handler);
    try {
      JavaOps ops = new JavaOps();
      new OpPlan(DEEPBIND, 1, 64, 101, ops).logOnce();
      new OpPlan(DEEPBIND, 1, 64, 101, ops).logOnce();
      assertEquals(1, records.size(), "the same plan for the same ops: once");
      new OpPlan(DEEPBIND, 1, 256, 101, ops).logOnce();
      assertEquals(2, records.size(), "another batch capacity is another plan");
      new OpPlan(DEEPBIND, 1, 64, 101, new JavaOps()).logOnce();
      assertEquals(3, records.size(), "other ops (another job)");
      assertEquals(1 + 6 + 1, records.get(0).split("\n").length, records.get(0));
    } finally {
      log.removeHandler(handler);
    }
  }

  /** Ops that say they run on an OpenCL device; the plan asks only that and their name, never for arithmetic. */
  private static ConvOps deviceOps() {
    return (ConvOps) Proxy.newProxyInstance(ConvOps.class.getClassLoader(), new Class<?>[] {ConvOps.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "runsOnHost" -> false;
          case "deviceName", "toString" -> "test device";
          case "hashCode" -> System.identityHashCode(proxy);
          case "equals" -> proxy == args[0];
          default -> throw new UnsupportedOperationException(method.getName());
        });
  }
}
