package io.seqbind.core.onnx;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.seqbind.core.io.Quoted;
import io.seqbind.core.onnx.proto.ModelProto;
import io.seqbind.core.onnx.proto.TensorProto;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The named float initializers (weights) of an ONNX model file, e.g. the first-layer filters
 * {@code conv1.weight} {@code [F, 4, W]} and {@code conv1.bias} {@code [F]} that the variant service reads.
 * Values stored either as {@code float_data} or as little-endian {@code raw_data} (what most writers,
 * including ours, use) are both read. Initializers of other types are skipped; asking for one fails.
 */
public final class OnnxInitializers {

  private final String source;
  private final Map<String, FloatTensor> tensors;

  private OnnxInitializers(String source, Map<String, FloatTensor> tensors) {
    this.source = source;
    this.tensors = tensors;
  }

  /**
   * Reads {@code file}.
   *
   * @throws IOException naming the file when it cannot be read, is not an ONNX model or holds a malformed
   *     float tensor
   */
  public static OnnxInitializers read(Path file) throws IOException {
    return parse(Files.readAllBytes(file), file.toString());
  }

  /** Reads a serialized ModelProto; {@code source} names it in errors (a file name, "upload", ...). */
  public static OnnxInitializers parse(byte[] model, String source) throws IOException {
    ModelProto proto;
    try {
      proto = ModelProto.parseFrom(model);
    } catch (InvalidProtocolBufferException e) {
      throw new IOException(source + ": not an ONNX model (" + e.getMessage() + ")", e);
    }
    // Protobuf parses many byte strings that are not models (an empty file is a valid empty message), so a
    // model must at least state its IR version and have a graph, as the ONNX spec requires.
    if (!proto.hasIrVersion() || !proto.hasGraph()) {
      throw new IOException(source + ": not an ONNX model (no IR version or no graph)");
    }
    Map<String, FloatTensor> tensors = new LinkedHashMap<>();
    for (TensorProto t : proto.getGraph().getInitializerList()) {
      if (t.getDataType() == TensorProto.DataType.FLOAT_VALUE) {
        tensors.put(t.getName(), toFloat(t, source));
      }
    }
    return new OnnxInitializers(source, Collections.unmodifiableMap(tensors));
  }

  private static FloatTensor toFloat(TensorProto t, String source) throws IOException {
    long[] dims = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
    float[] values;
    if (t.hasRawData()) {
      ByteString raw = t.getRawData();
      if (raw.size() % Float.BYTES != 0) {
        throw new IOException(source + ": tensor " + Quoted.token(t.getName()) + " has " + raw.size()
            + " raw bytes, not a whole number of floats");
      }
      FloatBuffer floats = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
      values = new float[floats.remaining()];
      floats.get(values);
    } else {
      values = new float[t.getFloatDataCount()];
      for (int i = 0; i < values.length; i++) {
        values[i] = t.getFloatData(i);
      }
    }
    try {
      return new FloatTensor(t.getName(), dims, values);
    } catch (IllegalArgumentException e) {
      throw new IOException(source + ": " + e.getMessage(), e);
    }
  }

  /**
   * The float initializer {@code name}.
   *
   * @throws IOException naming the source and the tensors it has when there is no such float tensor
   */
  public FloatTensor get(String name) throws IOException {
    FloatTensor t = tensors.get(name);
    if (t == null) {
      throw new IOException(source + ": the ONNX model has no float tensor " + Quoted.token(name) + " (it has: "
          + Quoted.firstFew(List.copyOf(tensors.keySet()), 8) + ")");
    }
    return t;
  }

  public boolean has(String name) {
    return tensors.containsKey(name);
  }

  /** Every float initializer by name, in file order. */
  public Map<String, FloatTensor> all() {
    return tensors;
  }
}
