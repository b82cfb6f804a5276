package io.seqbind.trainer.grpc;

import io.seqbind.core.model.ModelSpec;
import io.seqbind.core.model.Presets;
import io.seqbind.core.model.SpecProtos;
import io.seqbind.proto.v1.ArchitectureSpec;
import io.seqbind.proto.v1.ListPresetsResponse;
import io.seqbind.proto.v1.OutputHead;
import io.seqbind.proto.v1.Preset;
import io.seqbind.proto.v1.TaskType;
import java.util.Comparator;

/** The core presets as the contract lists them: expanded, head task_count 0 (taken from the data), BINARY. */
final class PresetCatalog {

  private PresetCatalog() {}

  static ListPresetsResponse list() {
    ListPresetsResponse.Builder out = ListPresetsResponse.newBuilder();
    Presets.names().stream().sorted(Comparator.naturalOrder()).forEach(name -> {
      ModelSpec spec = Presets.byName(name);
      ArchitectureSpec architecture = SpecProtos.toProto(spec).toBuilder()
          .setHead(OutputHead.newBuilder().setTaskCount(0).setTaskType(TaskType.TASK_TYPE_BINARY))
          .build();
      out.addPresets(Preset.newBuilder()
          .setName(name)
          .setDescription(describe(name))
          .setArchitecture(architecture)
          .setMinLength(spec.minimumLength()));
    });
    return out.build();
  }

  /** Where each family comes from; the layers themselves are in the architecture. */
  private static String describe(String name) {
    if (name.startsWith("deepbind")) {
      return "DeepBind (Alipanahi et al. 2015, Nat Biotechnol 33:831): 16 motif detectors of width 24, ReLU, global "
          + (name.contains("maxavg") ? "max and average" : "max") + " pooling"
          + (name.contains("nohidden") ? ", no hidden layer" : ", a 32-unit hidden layer with dropout")
          + ", both strands combined by max";
    }
    if (name.equals("basset")) {
      return "Basset (Kelley et al. 2016, Genome Res 26:990): three conv layers (300x19, 200x11, 200x7) with batch"
          + " norm and max pooling, two 1000-unit dense layers with dropout 0.3; for 600-bp windows";
    }
    return "Zeng et al. 2016 (Bioinformatics 32:i121), Table 1 variant '" + name + "' of the DeepBind-like"
        + " 1layer network (32-unit hidden layer with dropout)";
  }
}
