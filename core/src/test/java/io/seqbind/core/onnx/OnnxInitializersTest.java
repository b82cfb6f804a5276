package io.seqbind.core.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.seqbind.core.onnx.proto.GraphProto;
import io.seqbind.core.onnx.proto.ModelProto;
import io.seqbind.core.onnx.proto.TensorProto;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading initializers back from files: raw_data is decoded as little-endian (bytes written by hand here,
 * not by the reader's own code path), float_data as is, non-float tensors are skipped, and files that are
 * not models or lack a tensor fail naming the file.
 */
class OnnxInitializersTest {

  @TempDir
  Path dir;

  /** 1.0f, -2.5f, 0.25f as little-endian IEEE 754 bytes. */
  private static final byte[] RAW = {
      0x00, 0x00, (byte) 0x80, 0x3f, 0x00, 0x00, 0x20, (byte) 0xc0, 0x00, 0x00, (byte) 0x80, 0x3e};

  private static ModelProto model() {
    GraphProto graph = GraphProto.newBuilder()
        .setName("g")
        .addInitializer(TensorProto.newBuilder().setName("conv1.weight").setDataType(1)
            .addDims(1).addDims(1).addDims(3).setRawData(ByteString.copyFrom(RAW)))
        .addInitializer(TensorProto.newBuilder().setName("conv1.bias").setDataType(1)
            .addDims(2).addFloatData(0.5f).addFloatData(-7f))
        .addInitializer(TensorProto.newBuilder().setName("shape").setDataType(7).addDims(1).addInt64Data(3))
        .build();
    return ModelProto.newBuilder().setIrVersion(8).setGraph(graph).build();
  }

  @Test
  void readsRawAndFloatData() throws IOException {
    Path file = dir.resolve("m.onnx");
    Files.write(file, model().toByteArray());
    OnnxInitializers init = OnnxInitializers.read(file);
    FloatTensor w = init.get("conv1.weight");
    assertArrayEquals(new long[] {1, 1, 3}, w.dims());
    assertArrayEquals(new float[] {1f, -2.5f, 0.25f}, w.values());
    FloatTensor b = init.get("conv1.bias");
    assertArrayEquals(new long[] {2}, b.dims());
    assertArrayEquals(new float[] {0.5f, -7f}, b.values());
    assertFalse(init.has("shape"), "int64 tensors are not float initializers");
    assertEquals(2, init.all().size());
  }

  @Test
  void missingTensorNamesFileAndWhatExists() throws IOException {
    Path file = dir.resolve("m.onnx");
    Files.write(file, model().toByteArray());
    IOException e = assertThrows(IOException.class, () -> OnnxInitializers.read(file).get("conv2.weight"));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("conv2.weight") && e.getMessage().contains("conv1.bias"), e.getMessage());
  }

  @Test
  void textFileIsNotOnnx() throws IOException {
    Path file = dir.resolve("notes.onnx");
    Files.writeString(file, "seqbind-weights 1\nhello", StandardCharsets.UTF_8);
    IOException e = assertThrows(IOException.class, () -> OnnxInitializers.read(file));
    assertTrue(e.getMessage().startsWith(file + ": not an ONNX model"), e.getMessage());
  }

  @Test
  void emptyFileIsNotOnnx() throws IOException {
    Path file = dir.resolve("empty.onnx");
    Files.write(file, new byte[0]);
    IOException e = assertThrows(IOException.class, () -> OnnxInitializers.read(file));
    assertTrue(e.getMessage().startsWith(file + ": not an ONNX model"), e.getMessage());
  }

  @Test
  void rawDataOfWrongSizeIsAnError() {
    ModelProto bad = model().toBuilder().setGraph(model().getGraph().toBuilder().setInitializer(0,
        TensorProto.newBuilder().setName("conv1.weight").setDataType(1).addDims(2).setRawData(ByteString.copyFrom(RAW))))
        .build();
    IOException e = assertThrows(IOException.class, () -> OnnxInitializers.parse(bad.toByteArray(), "x.onnx"));
    assertTrue(e.getMessage().startsWith("x.onnx: ") && e.getMessage().contains("conv1.weight"), e.getMessage());
  }
}
