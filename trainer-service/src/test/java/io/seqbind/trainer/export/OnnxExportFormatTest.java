package io.seqbind.trainer.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqbind.core.model.ModelSpec;
import io.seqbind.core.model.Presets;
import io.seqbind.core.model.ReverseComplement;
import io.seqbind.core.onnx.FloatTensor;
import io.seqbind.core.onnx.OnnxInitializers;
import io.seqbind.core.onnx.proto.ModelProto;
import io.seqbind.core.onnx.proto.NodeProto;
import io.seqbind.core.onnx.proto.TensorShapeProto;
import io.seqbind.trainer.engine.Network;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file's header, input/output declarations and initializer names (what the variant service and other
 * runtimes rely on), and a round trip of the weights through {@link OnnxInitializers}.
 */
class OnnxExportFormatTest {

  @TempDir
  Path dir;

  @Test
  void weightsRoundTripThroughOnnxInitializers() throws Exception {
    Network network = RandomNetworks.create(Presets.byName("deepbind"), 2, 101, 5);
    Path file = dir.resolve("deepbind.onnx");
    OnnxExport.write(file, network, 1, "deepbind-test");
    OnnxInitializers init = OnnxInitializers.read(file);
    Map<String, float[]> engine = network.store().snapshot(1);
    assertTensor(init.get("conv1.weight"), engine.get("layer0.weight"), 16, 4, 24);
    assertTensor(init.get("conv1.bias"), engine.get("layer0.bias"), 16);
    assertTensor(init.get("dense1.weight"), engine.get("layer3.weight"), 32, 16);
    assertTensor(init.get("dense1.bias"), engine.get("layer3.bias"), 32);
    assertTensor(init.get("head.weight"), engine.get("head.weight"), 1, 32);
    assertTensor(init.get("head.bias"), engine.get("head.bias"), 1);
    assertEquals(List.of("conv1.weight", "conv1.bias", "dense1.weight", "dense1.bias", "head.weight", "head.bias"),
        List.copyOf(init.all().keySet()));
  }

  @Test
  void anEnsembleNamesEachMembersWeightsAndAveragesTheirScores() throws Exception {
    Network network = RandomNetworks.create(Presets.byName("deepbind"), 3, 101, 6);
    ModelProto model = ModelProto.parseFrom(OnnxExport.export(network, "ensemble"));
    OnnxInitializers init = OnnxInitializers.parse(model.toByteArray(), "ensemble");
    for (int k = 1; k <= 3; k++) {
      Map<String, float[]> engine = network.store().snapshot(k - 1);
      assertTensor(init.get("member" + k + ".conv1.weight"), engine.get("layer0.weight"), 16, 4, 24);
      assertTensor(init.get("member" + k + ".head.bias"), engine.get("head.bias"), 1);
    }
    assertTrue(init.all().keySet().stream().allMatch(n -> n.startsWith("member") || n.startsWith("rc.")),
        init.all().keySet().toString());
    // The outputs: the mean of the members' scores, and (deepbind scans both strands) of each strand's scores.
    assertEquals(List.of("scores", "forward", "reverse"),
        model.getGraph().getOutputList().stream().map(o -> o.getName()).toList());
    List<NodeProto> means = model.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Mean")).toList();
    assertEquals(3, means.size());
    for (NodeProto mean : means) {
      String output = mean.getOutput(0);
      assertEquals(List.of("member1." + output, "member2." + output, "member3." + output),
          List.copyOf(mean.getInputList()));
    }
    // One member: the plain names, the same file as exporting that model alone.
    Network single = RandomNetworks.create(Presets.byName("deepbind"), 1, 101, 6);
    assertArrayEquals(OnnxExport.export(single, 0, "m"), OnnxExport.export(single, "m"));
  }

  @Test
  void batchNormTensorsAreNamedAndHoldTheRunningStatistics() throws Exception {
    ModelSpec spec = Presets.byName("basset");
    Network network = RandomNetworks.create(spec, 1, 168, 9);
    OnnxInitializers init = OnnxInitializers.parse(OnnxExport.export(network, 0, "b"), "basset");
    Map<String, float[]> engine = network.store().snapshot(0);
    assertTensor(init.get("conv2.weight"), engine.get("layer4.weight"), 200, 300, 11);
    assertTensor(init.get("batchnorm1.scale"), engine.get("layer1.gamma"), 300);
    assertTensor(init.get("batchnorm1.bias"), engine.get("layer1.beta"), 300);
    assertTensor(init.get("batchnorm1.mean"), engine.get("layer1.running_mean"), 300);
    assertTensor(init.get("batchnorm1.var"), engine.get("layer1.running_var"), 300);
    assertTensor(init.get("dense1.weight"), engine.get("layer12.weight"), 1000, 200);
    assertTensor(init.get("batchnorm5.var"), engine.get("layer17.running_var"), 1000);
    assertTensor(init.get("head.weight"), engine.get("head.weight"), 164, 1000);
  }

  @Test
  void headerAndDynamicDimensions() throws Exception {
    Network network = RandomNetworks.create(Presets.byName("deepbind_maxavg"), 1, 101, 1);
    ModelProto model = ModelProto.parseFrom(OnnxExport.export(network, 0, "m"));
    assertEquals(8, model.getIrVersion());
    assertEquals(1, model.getOpsetImportCount());
    assertEquals("", model.getOpsetImport(0).getDomain());
    assertEquals(17, model.getOpsetImport(0).getVersion());
    assertEquals("seqbind", model.getProducerName());
    assertEquals(List.of("batch", "4", "length"), dims(model.getGraph().getInput(0).getType().getTensorType().getShape()));
    assertEquals("input", model.getGraph().getInput(0).getName());
    assertEquals("scores", model.getGraph().getOutput(0).getName());
    assertEquals(List.of("batch", "1"), dims(model.getGraph().getOutput(0).getType().getTensorType().getShape()));
    assertTrue(model.getGraph().getNodeList().stream().noneMatch(n -> n.getOpType().equals("Dropout")));
  }

  @Test
  void eachStrandsScoresAreOutputsOnlyWhereTheModelScansBothStrands() throws Exception {
    for (ReverseComplement rc : ReverseComplement.values()) {
      Network network = RandomNetworks.create(Presets.byName("deepbind").withReverseComplement(rc), 1, 101, 1);
      ModelProto model = ModelProto.parseFrom(OnnxExport.export(network, 0, "m"));
      List<String> expected = rc == ReverseComplement.OFF ? List.of("scores") : List.of("scores", "forward", "reverse");
      assertEquals(expected, model.getGraph().getOutputList().stream().map(o -> o.getName()).toList(), rc.name());
      for (var output : model.getGraph().getOutputList()) {
        assertEquals(List.of("batch", "1"), dims(output.getType().getTensorType().getShape()), output.getName());
      }
    }
  }

  @Test
  void lengthIsFixedWhereDenseLayersFlattenPositions() throws Exception {
    ModelSpec spec = Presets.byName("1layer_local_win3").withReverseComplement(ReverseComplement.MAX);
    Network network = RandomNetworks.create(spec, 1, 101, 1);
    Path file = dir.resolve("local.onnx");
    Files.write(file, OnnxExport.export(network, 0, "local"));
    ModelProto model = ModelProto.parseFrom(Files.readAllBytes(file));
    assertEquals(List.of("batch", "4", "101"), dims(model.getGraph().getInput(0).getType().getTensorType().getShape()));
  }

  private static List<String> dims(TensorShapeProto shape) {
    return shape.getDimList().stream()
        .map(d -> d.hasDimParam() ? d.getDimParam() : Long.toString(d.getDimValue())).toList();
  }

  private static void assertTensor(FloatTensor t, float[] expected, long... dims) {
    assertArrayEquals(dims, t.dims(), t.name());
    assertArrayEquals(expected, t.values(), t.name());
  }
}
