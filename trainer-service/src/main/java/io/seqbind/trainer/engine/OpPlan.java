package io.seqbind.trainer.engine;

import io.seqbind.core.model.FeatureShape;
import io.seqbind.core.model.LayerSpec;
import io.seqbind.core.model.ModelSpec;
import io.seqbind.core.model.PoolMode;
import io.seqbind.trainer.ops.ConvOps;
import io.seqbind.trainer.ops.ConvShape;
import io.seqbind.trainer.ops.JavaOps;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.logging.Logger;

/**
 * Which code runs each layer of a network: the one place that chooses between the ops the network was given
 * (Aparapi kernels on an OpenCL device or in the Java thread pool, or {@link JavaOps}) and host code, and says
 * why. {@link Network} builds its layers from the plan and logs it once per ops instance (a job holds one) and
 * distinct plan. The rules, in order:
 * <ol>
 *   <li>The first three layers conv, ReLU, global max, with ops that run on the host: one fused host layer,
 *       {@link BasesConvReluMaxLayer} (k-mer tables, only each filter's maximum kept), several times faster on a
 *       CPU than the three layers apart. On an OpenCL device the kernels run them unfused.
 *   <li>A convolution or dense layer after the first of at most {@link #HOST_WORK} multiply-adds per forward
 *       pass at full batch: on the host ({@link JavaOps}; in flat loops when its window is the whole input,
 *       as a dense layer's is), since launching a kernel and copying its buffers costs more than the arithmetic.
 *       Both equal the kernels' results in the Java thread pool bit for bit.
 *   <li>Every other convolution, dense and pooling layer: the ops.
 *   <li>ReLU, dropout and batch norm: element-wise host loops, always.
 * </ol>
 */
final class OpPlan {

  private static final Logger LOG = Logger.getLogger(OpPlan.class.getName());

  /** Multiply-adds per forward pass (at full capacity) up to which a later conv or dense layer runs on the host. */
  static final long HOST_WORK = 1L << 22;
  /** The host code of rule 2. */
  static final ConvOps HOST = new JavaOps();

  /** Plans already logged, per ops instance. */
  private static final Map<Object, Set<String>> LOGGED = Collections.synchronizedMap(new WeakHashMap<>());

  /** The code that runs a layer. */
  enum Code {
    /** Rule 1: {@link BasesConvReluMaxLayer}. */
    FUSED_HOST("host, BasesConvReluMaxLayer (conv + ReLU + global max fused)"),
    /** Rules 2 and 3 for the ops the network was given. */
    OPS("ops"),
    /** Rule 2: {@link JavaOps}. */
    HOST_REFERENCE("host, JavaOps"),
    /** Rule 2 for a dense window: {@link ConvLayer}'s flat loops. */
    HOST_DENSE("host, ConvLayer's flat dense loops"),
    /** Rule 4. */
    HOST_LOOPS("host, Java loops");

    private final String label;

    Code(String label) {
      this.label = label;
    }
  }

  /** What runs layer {@code name} and why. */
  record Step(String name, String layer, Code code, String why) {}

  private final ModelSpec spec;
  private final ConvOps ops;
  private final int models;
  private final int capacity;
  private final int length;
  private final boolean fused;
  /** One per spec layer, then the head. */
  private final List<Step> steps = new ArrayList<>();

  /**
   * @param capacity samples per model of a pass (both strands counted)
   * @param length   input length in bases
   */
  OpPlan(ModelSpec spec, int models, int capacity, int length, ConvOps ops) {
    this.spec = spec;
    this.ops = ops;
    this.models = models;
    this.capacity = capacity;
    this.length = length;
    List<LayerSpec> layers = spec.layers();
    this.fused = ops.runsOnHost() && layers.size() > 2 && layers.get(1) instanceof LayerSpec.Relu
        && layers.get(2) instanceof LayerSpec.GlobalPool g && g.mode() == PoolMode.MAX;
    List<FeatureShape> shapes = spec.shapes(length);
    for (int i = 0; i < layers.size(); i++) {
      steps.add(decide(i, layers.get(i), shapes.get(i)));
    }
    FeatureShape last = shapes.get(shapes.size() - 1);
    steps.add(conv("head", "dense " + spec.head().tasks(), denseShape(last, spec.head().tasks())));
  }

  private Step decide(int i, LayerSpec layer, FeatureShape in) {
    String name = "layer" + i;
    if (fused && i < 3) {
      return new Step(name, describe(layer), Code.FUSED_HOST, i == 0
          ? "the ops run on the host, where one pass that keeps only each filter's maximum is fastest"
          : "fused into layer0");
    }
    if (layer instanceof LayerSpec.Conv && i == 0) {
      return new Step(name, describe(layer), Code.OPS, ops.runsOnHost()
          ? "the first convolution on base codes; not followed by ReLU and global max, so not fused"
          : "the first convolution on base codes; the device's kernels run it, unfused");
    } else if (layer instanceof LayerSpec.Conv c) {
      return conv(name, describe(layer), new ConvShape(models, capacity, in.channels(), in.length(), c.filters(),
          c.width(), c.dilation()));
    } else if (layer instanceof LayerSpec.Dense d) {
      return conv(name, describe(layer), denseShape(in, d.units()));
    } else if (layer instanceof LayerSpec.GlobalPool || layer instanceof LayerSpec.LocalMaxPool) {
      return new Step(name, describe(layer), Code.OPS, "pooling always runs on the ops");
    }
    return new Step(name, describe(layer), Code.HOST_LOOPS, "element-wise and memory-bound: no kernel pays off");
  }

  /** Rules 2 and 3 for a convolution or dense layer of shape {@code s} (at full capacity). */
  private Step conv(String name, String layer, ConvShape s) {
    long work = s.work();
    if (work > HOST_WORK) {
      return new Step(name, layer, Code.OPS, String.format(Locale.ROOT, "%,d multiply-adds a pass > %,d", work,
          HOST_WORK));
    }
    boolean dense = s.width() == s.length() && s.dilation() == 1;
    return new Step(name, layer, dense ? Code.HOST_DENSE : Code.HOST_REFERENCE, String.format(Locale.ROOT,
        "%,d multiply-adds a pass <= %,d: a kernel launch and its copies would cost more", work, HOST_WORK));
  }

  /** A dense layer as the convolution it is: one window over the whole {@code channels x length} input. */
  private ConvShape denseShape(FeatureShape in, int units) {
    return new ConvShape(models, capacity, in.channels(), in.length(), units, in.length(), 1);
  }

  private static String describe(LayerSpec layer) {
    if (layer instanceof LayerSpec.Conv c) {
      return "conv " + c.filters() + "x" + c.width() + (c.dilation() > 1 ? " dilation " + c.dilation() : "");
    } else if (layer instanceof LayerSpec.Dense d) {
      return "dense " + d.units();
    } else if (layer instanceof LayerSpec.GlobalPool g) {
      return "global " + g.mode().toString().toLowerCase(Locale.ROOT) + " pool";
    } else if (layer instanceof LayerSpec.LocalMaxPool p) {
      return "max pool " + p.window() + "/" + p.stride();
    }
    return layer.getClass().getSimpleName().toLowerCase(Locale.ROOT);
  }

  /** True when layers 0 to 2 run as one {@link BasesConvReluMaxLayer}. */
  boolean fusesFirstLayers() {
    return fused;
  }

  /** Layer {@code index}'s step ({@code spec.layers().size()}: the head). */
  Step step(int index) {
    return steps.get(index);
  }

  /** The convolution passes for layer {@code index}: the network's ops or the host's. */
  ConvOps convOps(int index) {
    Code code = steps.get(index).code();
    return code == Code.HOST_REFERENCE || code == Code.HOST_DENSE ? HOST : ops;
  }

  /** True when layer {@code index} runs in {@link ConvLayer}'s flat dense loops. */
  boolean denseLoops(int index) {
    return steps.get(index).code() == Code.HOST_DENSE;
  }

  /** A header line, then one line per layer: which code runs it and why. */
  List<String> lines() {
    List<String> lines = new ArrayList<>();
    lines.add("engine plan for " + spec.name() + " (" + models + (models == 1 ? " model" : " models") + ", batch "
        + capacity + ", " + length + " bp), ops on " + ops.deviceName() + ":");
    for (Step s : steps) {
      String where = s.code() == Code.OPS ? "ops on " + ops.deviceName() : s.code().label;
      lines.add("  " + s.name() + " " + s.layer() + " -> " + where + ": " + s.why());
    }
    return lines;
  }

  /** Logs {@link #lines()} unless this plan was logged for these ops already. */
  void logOnce() {
    String text = String.join("\n", lines());
    Set<String> seen;
    synchronized (LOGGED) {
      seen = LOGGED.computeIfAbsent(ops, k -> Collections.synchronizedSet(new java.util.HashSet<>()));
    }
    if (seen.add(text)) {
      LOG.info(text);
    }
  }
}
