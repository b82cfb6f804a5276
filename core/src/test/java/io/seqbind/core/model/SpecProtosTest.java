package io.seqbind.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.seqbind.proto.v1.ArchitectureSpec;
import io.seqbind.proto.v1.Conv1dLayer;
import io.seqbind.proto.v1.Layer;
import io.seqbind.proto.v1.MaxPool1dLayer;
import io.seqbind.proto.v1.OutputHead;
import io.seqbind.proto.v1.TaskType;
import org.junit.jupiter.api.Test;

class SpecProtosTest {

  @Test
  void everyPresetSurvivesTheRoundTrip() {
    for (String name : Presets.names()) {
      ModelSpec spec = Presets.byName(name).withReverseComplement(ReverseComplement.MEAN);
      assertEquals(spec, SpecProtos.fromProto(SpecProtos.toProto(spec)), name);
    }
  }

  @Test
  void unsetWrappersTakeTheDocumentedDefaults() {
    ArchitectureSpec proto = ArchitectureSpec.newBuilder()
        .addLayers(Layer.newBuilder().setConv1D(Conv1dLayer.newBuilder().setFilters(8).setWidth(5)))
        .addLayers(Layer.newBuilder().setMaxPool(MaxPool1dLayer.newBuilder().setWindow(3)))
        .setHead(OutputHead.newBuilder().setTaskCount(2).setTaskType(TaskType.TASK_TYPE_REGRESSION))
        .build();
    ModelSpec spec = SpecProtos.fromProto(proto);
    assertEquals(new LayerSpec.Conv(8, 5, 1), spec.layers().get(0));
    assertEquals(new LayerSpec.LocalMaxPool(3, 3), spec.layers().get(1));
    assertEquals(ReverseComplement.OFF, spec.reverseComplement());
    assertEquals(new io.seqbind.core.model.OutputHead(2, io.seqbind.core.model.TaskType.REGRESSION), spec.head());
  }

  @Test
  void aLayerWithoutKindIsRejectedByIndex() {
    ArchitectureSpec proto = ArchitectureSpec.newBuilder()
        .addLayers(Layer.newBuilder().setConv1D(Conv1dLayer.newBuilder().setFilters(8).setWidth(5)))
        .addLayers(Layer.getDefaultInstance())
        .setHead(OutputHead.newBuilder().setTaskCount(1).setTaskType(TaskType.TASK_TYPE_BINARY))
        .build();
    InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> SpecProtos.fromProto(proto));
    assertEquals("layer 1: no layer kind set", e.getMessage());
  }
}
