package io.seqbind.trainer.export;

import static io.seqbind.trainer.export.OnnxGraphBuilder.in;
import static io.seqbind.trainer.export.OnnxGraphBuilder.integer;
import static io.seqbind.trainer.export.OnnxGraphBuilder.ints;
import static io.seqbind.trainer.export.OnnxGraphBuilder.real;

import io.seqbind.core.io.AtomicFiles;
import io.seqbind.core.model.FeatureShape;
import io.seqbind.core.model.LayerSpec;
import io.seqbind.core.model.ModelSpec;
import io.seqbind.core.model.PoolMode;
import io.seqbind.core.model.ReverseComplement;
import io.seqbind.core.model.SpecJson;
import io.seqbind.core.onnx.proto.ModelProto;
import io.seqbind.core.onnx.proto.OperatorSetIdProto;
import io.seqbind.core.onnx.proto.StringStringEntryProto;
import io.seqbind.trainer.engine.Network;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes one model of a {@link Network}, or all of them as an ensemble, as an ONNX model (IR 8, default opset
 * 17, producer "seqbind") that computes what {@link io.seqbind.trainer.engine.Predictor} computes (inference
 * mode: no dropout, running batch-norm statistics), following the model contract (README, "Data conventions").
 *
 * <p><b>Input</b> {@code input}: float {@code [batch, 4, length]}, one-hot A, C, G, T with 0.25 in every
 * channel for N and other ambiguity codes (the engine's base code 4 weighs each filter column by 0.25, which
 * is the same sum). {@code length} is symbolic unless {@link ModelSpec#fixesLength()}, where the network's
 * input length is written as a fixed size. <b>Output</b> {@code scores}: float {@code [batch, tasks]} raw
 * scores (logits for binary tasks). In reverse-complement mode two more outputs, {@code forward} and
 * {@code reverse} {@code [batch, tasks]}, are each strand's scores before they are combined (for the scorer's
 * both_strands; two Gathers, cheap next to the layers).
 *
 * <p><b>Initializers</b>, numbered from 1 per kind in spec order:
 * <ul>
 *   <li>{@code convK.weight} {@code [filters, inChannels, width]}, {@code convK.bias} {@code [filters]}
 *       ({@code conv1} reads the bases: {@code [F, 4, W]});</li>
 *   <li>{@code denseK.weight} {@code [units, inFeatures]}, {@code denseK.bias} {@code [units]}, where the
 *       input is flattened channel-major ({@code c * length + p}), as the engine's dense weights are laid out;
 *       after MAX_AVG global pooling the features are the max channels then the mean channels;</li>
 *   <li>{@code batchnormK.scale}, {@code .bias}, {@code .mean}, {@code .var} {@code [channels]} (the running
 *       statistics, with the spec's epsilon);</li>
 *   <li>{@code head.weight} {@code [tasks, inFeatures]}, {@code head.bias} {@code [tasks]}.</li>
 * </ul>
 * plus small int64 constants named {@code rc.*} for reverse-complement mode.
 *
 * <p><b>Ensembles</b> ({@link #export(Network, String)} of a network of several models, the members of a
 * job's final ensemble): each member's initializers and values carry the prefix {@code memberK.} (K from 1,
 * e.g. {@code member2.conv1.weight}), each member computes its strand-combined scores as above, and the
 * output is their elementwise {@code Mean}: what {@link io.seqbind.trainer.engine.Predictor#mean} computes;
 * {@code forward} and {@code reverse} are likewise the means of the members' strand scores.
 *
 * <p><b>Operators</b>: Conv, Relu, ReduceMax / ReduceMean over positions (+ Concat for MAX_AVG), MaxPool,
 * BatchNormalization, Flatten, Gemm; dropout is left out. In reverse-complement mode the graph appends the
 * reverse complement of the batch (a one-hot {@code [N, 4, L]} reversed along channels and positions, since
 * A,C,G,T reversed is T,G,C,A, the complements) with Slice and Concat, runs the layers once on the
 * {@code 2N} sequences, reshapes the {@code [2N, T]} scores to {@code [2, N, T]} and reduces the strand axis
 * with ReduceMax or ReduceMean, as the engine combines strands (Gather picks each strand's slice).
 *
 * <p>The graph does not check that {@code length} is at least {@link ModelSpec#minimumLength()}; callers
 * that score must. The spec's JSON is attached as metadata {@code seqbind.spec}.
 */
public final class OnnxExport {

  public static final long IR_VERSION = 8;
  public static final long OPSET = 17;
  public static final String INPUT = "input";
  public static final String OUTPUT = "scores";
  /** In reverse-complement mode: each strand's scores before they are combined, {@code [batch, tasks]}. */
  public static final String FORWARD = "forward";
  public static final String REVERSE = "reverse";

  private OnnxExport() {}

  /** The serialized ONNX model of model {@code model} of {@code network}. */
  public static byte[] export(Network network, int model, String modelName) {
    return toModel(network, new int[] {model}, modelName).toByteArray();
  }

  /** The serialized ONNX model of every model of {@code network}: the model itself, or their ensemble. */
  public static byte[] export(Network network, String modelName) {
    int[] all = new int[network.models()];
    java.util.Arrays.setAll(all, m -> m);
    return toModel(network, all, modelName).toByteArray();
  }

  /** Writes {@link #export} to {@code file} atomically (a temporary name, then renamed). */
  public static void write(Path file, Network network, int model, String modelName) throws IOException {
    byte[] bytes = export(network, model, modelName);
    AtomicFiles.write(file, out -> out.write(bytes));
  }

  /** Models {@code members} of {@code network}, their scores averaged when there are several. */
  public static ModelProto toModel(Network network, int[] members, String modelName) {
    if (members.length == 0) {
      throw new IllegalArgumentException("no model to export");
    }
    for (int model : members) {
      if (model < 0 || model >= network.models()) {
        throw new IllegalArgumentException("model " + model + " outside 0.." + (network.models() - 1));
      }
    }
    ModelSpec spec = network.spec();
    OnnxGraphBuilder g = new OnnxGraphBuilder(modelName);
    Object length = spec.fixesLength() ? (Object) (long) network.length() : "length";
    String x = g.input(INPUT, "batch", (long) ModelSpec.ALPHABET, length);
    boolean bothStrands = spec.reverseComplement() != ReverseComplement.OFF;
    if (bothStrands) {
      x = withReverseComplements(g, x);
    }
    boolean ensemble = members.length > 1;
    String[][] outputs = new String[3][members.length]; // scores, then forward and reverse with both strands
    for (int k = 0; k < members.length; k++) {
      String prefix = ensemble ? "member" + (k + 1) + "." : "";
      String[] member = memberScores(g, network, members[k], prefix, x);
      for (int o = 0; o < member.length; o++) {
        outputs[o][k] = member[o];
      }
    }
    String[] names = bothStrands ? new String[] {OUTPUT, FORWARD, REVERSE} : new String[] {OUTPUT};
    for (int o = 0; o < names.length; o++) {
      if (ensemble) {
        g.node("Mean", names[o], outputs[o]);
      }
      g.output(names[o], "batch", (long) network.tasks());
    }
    return ModelProto.newBuilder()
        .setIrVersion(IR_VERSION)
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
        .setProducerName("seqbind")
        .setProducerVersion(version())
        .setDocString("seqbind model " + modelName + " (" + spec.name()
            + (ensemble ? ", the mean of " + members.length + " members" : "") + "): input one-hot [batch, 4, length]"
            + " A,C,G,T (ambiguous bases 0.25 each), output raw scores [batch, tasks]")
        .setGraph(g.build())
        .addMetadataProps(StringStringEntryProto.newBuilder().setKey("seqbind.spec").setValue(SpecJson.write(spec)))
        .build();
  }

  /**
   * One model's values {@code [N, T]}, named {@code prefix} + scores (strand-combined) and, in
   * reverse-complement mode, + forward and + reverse: the names, in that order.
   */
  private static String[] memberScores(OnnxGraphBuilder g, Network network, int model, String prefix, String x) {
    ModelSpec spec = network.spec();
    boolean bothStrands = spec.reverseComplement() != ReverseComplement.OFF;
    String logits = new Trunk(g, prefix, network.store().snapshot(model), spec.shapes(network.length()))
        .build(spec.layers(), x, prefix + (bothStrands ? "strand_scores" : OUTPUT), network.tasks());
    if (!bothStrands) {
      return new String[] {logits};
    }
    // Rows 0..N-1 are the forward strands, N..2N-1 their reverse complements, so [2, N, T] pairs them up.
    if (!g.has("rc.pair_shape")) {
      g.int64s("rc.pair_shape", 2, -1, network.tasks());
      g.int64Scalar("rc.forward", 0);
      g.int64Scalar("rc.reverse", 1);
    }
    String paired = g.node("Reshape", prefix + "strand_pairs", in(logits, "rc.pair_shape"));
    String reduce = spec.reverseComplement() == ReverseComplement.MAX ? "ReduceMax" : "ReduceMean";
    return new String[] {
        g.node(reduce, prefix + OUTPUT, in(paired), ints("axes", 0), integer("keepdims", 0)),
        g.node("Gather", prefix + FORWARD, in(paired, "rc.forward"), integer("axis", 0)),
        g.node("Gather", prefix + REVERSE, in(paired, "rc.reverse"), integer("axis", 0))};
  }

  /** {@code x} followed along the batch axis by its reverse complements: {@code [2N, 4, L]}. */
  private static String withReverseComplements(OnnxGraphBuilder g, String x) {
    // Negative steps walk both axes backwards from the last element; INT64_MIN as the end means "through
    // element 0" (the spec clamps it), for any length.
    String reversed = g.node("Slice", "input_rc", in(x,
        g.int64s("rc.starts", -1, -1),
        g.int64s("rc.ends", Long.MIN_VALUE, Long.MIN_VALUE),
        g.int64s("rc.axes", 1, 2),
        g.int64s("rc.steps", -1, -1)));
    return g.node("Concat", "strands", in(x, reversed), integer("axis", 0));
  }

  private static String version() {
    String v = OnnxExport.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  /** The layers and the head, in spec order, over the engine's tensors of one model. */
  private static final class Trunk {

    private final OnnxGraphBuilder g;
    /** Put before every name this member writes: "" for a single model, "memberK." in an ensemble. */
    private final String prefix;
    private final Map<String, float[]> tensors;
    private final List<FeatureShape> shapes;
    private int convs;
    private int denses;
    private int norms;
    /** Whether the current value is {@code [N, features]} (after global pooling or a dense layer). */
    private boolean flat;

    Trunk(OnnxGraphBuilder g, String prefix, Map<String, float[]> tensors, List<FeatureShape> shapes) {
      this.g = g;
      this.prefix = prefix;
      this.tensors = tensors;
      this.shapes = shapes;
    }

    String build(List<LayerSpec> layers, String x, String output, int tasks) {
      for (int i = 0; i < layers.size(); i++) {
        x = layer(layers.get(i), i, shapes.get(i), x);
      }
      FeatureShape last = shapes.get(shapes.size() - 1);
      return dense(prefix + "head", "head", x, last, tasks, output);
    }

    /** Engine tensor {@code layer<i>.<field>} (the names ParamStore saves). */
    private float[] engine(String name) {
      float[] v = tensors.get(name);
      if (v == null) {
        throw new IllegalStateException("the network has no tensor " + name);
      }
      return v;
    }

    private String layer(LayerSpec layer, int i, FeatureShape in, String x) {
      String out = prefix + "l" + i + "." + layer.kind();
      if (layer instanceof LayerSpec.Conv c) {
        String name = prefix + "conv" + ++convs;
        String w = g.floats(name + ".weight", engine("layer" + i + ".weight"), c.filters(), in.channels(), c.width());
        String b = g.floats(name + ".bias", engine("layer" + i + ".bias"), c.filters());
        return g.node("Conv", out, in(x, w, b), ints("kernel_shape", c.width()), ints("dilations", c.dilation()),
            ints("strides", 1), ints("pads", 0, 0));
      } else if (layer instanceof LayerSpec.Relu) {
        return g.node("Relu", out, in(x));
      } else if (layer instanceof LayerSpec.GlobalPool p) {
        flat = true;
        if (p.mode() == PoolMode.MAX_AVG) { // max channels first, then mean channels, as the engine
          String max = globalPool("ReduceMax", out + ".max", x);
          String mean = globalPool("ReduceMean", out + ".mean", x);
          return g.node("Concat", out, in(max, mean), integer("axis", 1));
        }
        return globalPool(p.mode() == PoolMode.MAX ? "ReduceMax" : "ReduceMean", out, x);
      } else if (layer instanceof LayerSpec.LocalMaxPool p) {
        // No padding and floor rounding: an incomplete last window is dropped, as in the engine.
        return g.node("MaxPool", out, in(x), ints("kernel_shape", p.window()), ints("strides", p.stride()));
      } else if (layer instanceof LayerSpec.Dropout) {
        return x; // the identity at inference
      } else if (layer instanceof LayerSpec.Dense d) {
        return dense(prefix + "dense" + ++denses, "layer" + i, x, in, d.units(), out);
      } else if (layer instanceof LayerSpec.BatchNorm b) {
        String name = prefix + "batchnorm" + ++norms;
        int c = in.channels();
        String[] inputs = in(x,
            g.floats(name + ".scale", engine("layer" + i + ".gamma"), c),
            g.floats(name + ".bias", engine("layer" + i + ".beta"), c),
            g.floats(name + ".mean", engine("layer" + i + ".running_mean"), c),
            g.floats(name + ".var", engine("layer" + i + ".running_var"), c));
        return g.node("BatchNormalization", out, inputs, real("epsilon", (float) b.epsilon()));
      }
      throw new IllegalArgumentException("layer " + i + " (" + layer.kind() + ") cannot be exported to ONNX");
    }

    /** Reduces the positions axis: {@code [N, C, L] -> [N, C]}. */
    private String globalPool(String op, String out, String x) {
      return g.node(op, out, in(x), ints("axes", 2), integer("keepdims", 0));
    }

    /**
     * A dense layer over the flattened input (Flatten of {@code [N, C, L]} is channel-major, the engine's
     * weight layout {@code [units][C][L]}), as Gemm with the weight transposed.
     */
    private String dense(String name, String engineName, String x, FeatureShape in, int units, String out) {
      if (!flat) {
        x = g.node("Flatten", out + ".flat", in(x), integer("axis", 1));
        flat = true;
      }
      String w = g.floats(name + ".weight", engine(engineName + ".weight"), units, (long) in.size());
      String b = g.floats(name + ".bias", engine(engineName + ".bias"), units);
      return g.node("Gemm", out, in(x, w, b), integer("transB", 1));
    }
  }
}
