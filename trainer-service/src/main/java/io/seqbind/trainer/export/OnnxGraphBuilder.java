package io.seqbind.trainer.export;

import com.google.protobuf.ByteString;
import io.seqbind.core.onnx.proto.AttributeProto;
import io.seqbind.core.onnx.proto.GraphProto;
import io.seqbind.core.onnx.proto.NodeProto;
import io.seqbind.core.onnx.proto.TensorProto;
import io.seqbind.core.onnx.proto.TensorShapeProto;
import io.seqbind.core.onnx.proto.TypeProto;
import io.seqbind.core.onnx.proto.ValueInfoProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.Set;

/**
 * Protobuf plumbing for one ONNX graph: nodes with their attributes, float and int64 initializers,
 * float32 inputs and outputs with fixed ({@code Long}) or symbolic ({@code String}) dimensions. Knows
 * nothing about seqbind models; {@link OnnxExport} decides what goes in. Value names must be unique, which
 * it checks, because ONNX Runtime would otherwise reject the file with a less direct message.
 */
final class OnnxGraphBuilder {

  private final GraphProto.Builder graph = GraphProto.newBuilder();
  private final Set<String> names = new HashSet<>();

  OnnxGraphBuilder(String name) {
    graph.setName(name);
  }

  private String claim(String name) {
    if (!names.add(name)) {
      throw new IllegalStateException("ONNX value name used twice: " + name);
    }
    return name;
  }

  /** Whether a value of this name exists (an initializer shared by parts of the graph is added once). */
  boolean has(String name) {
    return names.contains(name);
  }

  /** A float32 initializer, stored as little-endian raw_data. */
  String floats(String name, float[] values, long... dims) {
    long count = 1;
    for (long d : dims) {
      count *= d;
    }
    if (count != values.length) {
      throw new IllegalArgumentException(name + ": " + values.length + " values for dims of " + count);
    }
    ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    raw.asFloatBuffer().put(values);
    graph.addInitializer(tensor(claim(name), TensorProto.DataType.FLOAT, dims)
        .setRawData(ByteString.copyFrom(raw.array())));
    return name;
  }

  /** A 1-D int64 initializer (shapes, Slice bounds). */
  String int64s(String name, long... values) {
    TensorProto.Builder t = tensor(claim(name), TensorProto.DataType.INT64, values.length);
    for (long v : values) {
      t.addInt64Data(v);
    }
    graph.addInitializer(t);
    return name;
  }

  /** An int64 scalar (no dimensions), as Gather needs to drop the axis it picks from. */
  String int64Scalar(String name, long value) {
    graph.addInitializer(tensor(claim(name), TensorProto.DataType.INT64).addInt64Data(value));
    return name;
  }

  private static TensorProto.Builder tensor(String name, TensorProto.DataType type, long... dims) {
    TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type.getNumber());
    for (long d : dims) {
      t.addDims(d);
    }
    return t;
  }

  /** Adds a default-domain node that writes {@code output} and returns {@code output}. */
  String node(String opType, String output, String[] inputs, AttributeProto... attributes) {
    NodeProto.Builder n = NodeProto.newBuilder().setOpType(opType).setName(output).addOutput(claim(output));
    for (String in : inputs) {
      n.addInput(in);
    }
    for (AttributeProto a : attributes) {
      n.addAttribute(a);
    }
    graph.addNode(n);
    return output;
  }

  static String[] in(String... inputs) {
    return inputs;
  }

  static AttributeProto ints(String name, long... values) {
    AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    for (long v : values) {
      a.addInts(v);
    }
    return a.build();
  }

  static AttributeProto integer(String name, long value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
  }

  static AttributeProto real(String name, float value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
  }

  /** A float32 graph input; each dimension is a {@code Long} size or a {@code String} symbol. */
  String input(String name, Object... dims) {
    graph.addInput(valueInfo(claim(name), dims));
    return name;
  }

  /** Declares an existing value as a float32 graph output. */
  void output(String name, Object... dims) {
    graph.addOutput(valueInfo(name, dims));
  }

  private static ValueInfoProto valueInfo(String name, Object... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (Object d : dims) {
      TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
      if (d instanceof String symbol) {
        dim.setDimParam(symbol);
      } else {
        dim.setDimValue(((Number) d).longValue());
      }
      shape.addDim(dim);
    }
    TypeProto.Tensor.Builder tensor = TypeProto.Tensor.newBuilder()
        .setElemType(TensorProto.DataType.FLOAT.getNumber()).setShape(shape);
    return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(tensor)).build();
  }

  GraphProto build() {
    return graph.build();
  }
}
