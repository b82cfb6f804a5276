package io.seqbind.variant.grpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.seqbind.core.bundle.ModelBundle;
import io.seqbind.core.bundle.ModelStore;
import io.seqbind.core.model.ModelSpec;
import io.seqbind.core.model.Presets;
import io.seqbind.core.model.SpecProtos;
import io.seqbind.proto.v1.ModelInfo;
import io.seqbind.proto.v1.ModelName;
import io.seqbind.proto.v1.ModelRef;
import io.seqbind.trainer.engine.Hyperparameters;
import io.seqbind.trainer.engine.Initializer;
import io.seqbind.trainer.engine.Network;
import io.seqbind.trainer.engine.OptimizerKind;
import io.seqbind.trainer.engine.Param;
import io.seqbind.trainer.export.OnnxExport;
import io.seqbind.trainer.ops.JavaOps;
import io.seqbind.variant.motifs.FirstLayerFilters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Filters read back from an exported model.onnx are the engine's first-layer weights, value for value. */
class StoreModelsTest {

  @TempDir
  Path dir;

  /** A bundle of {@code models} models of the preset: one model, or the ensemble of them. */
  private ModelBundle export(ModelStore store, String preset, int models) throws Exception {
    ModelSpec spec = Presets.byName(preset);
    JavaOps ops = new JavaOps();
    Network network = Network.create(spec, models, 101, 8, ops, ops);
    Initializer.initialise(network, java.util.Collections.nCopies(models, Hyperparameters.defaults(OptimizerKind.ADAM)),
        7);
    for (Param p : network.params()) {
      if (p.name().equals("layer0.bias")) {
        for (int i = 0; i < p.value().length; i++) {
          p.value()[i] = 0.01f * i; // non-zero, so a reader that dropped the bias would show
        }
      }
    }
    ModelInfo info = ModelInfo.newBuilder()
        .setName(ModelName.newBuilder().setName(preset).setVersion("1"))
        .setMinLength(spec.minimumLength())
        .setArchitecture(SpecProtos.toProto(spec))
        .build();
    ModelBundle bundle = store.add(OnnxExport.export(network, preset), info);
    this.network = network;
    return bundle;
  }

  private Network network;

  private float[] param(String name) {
    return network.params().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow().value();
  }

  @Test
  void filtersAreTheEngineFirstConvolution() throws Exception {
    ModelStore store = new ModelStore(dir.resolve("store"));
    ModelBundle bundle = export(store, "deepbind", 1);
    StoreModels models = new StoreModels(store);

    ModelInfo info = models.info(ModelRef.newBuilder().setName(ModelName.newBuilder().setName("deepbind")).build());
    assertEquals(bundle.id(), info.getId());
    FirstLayerFilters filters = models.filters(info);
    assertEquals(16, filters.count());
    assertEquals(24, filters.width());
    assertArrayEquals(param("layer0.weight"), flat(filters));
    assertArrayEquals(param("layer0.bias"), filters.bias());
  }

  @Test
  void anEnsemblesFiltersAreEveryMembersInMemberOrder() throws Exception {
    ModelStore store = new ModelStore(dir.resolve("store"));
    ModelBundle bundle = export(store, "deepbind", 3);
    FirstLayerFilters filters = new StoreModels(store).filters(bundle.info());
    assertEquals(3 * 16, filters.count());
    // The engine keeps model m's slice of a tensor at m * perModel: the members' filters one after another.
    assertArrayEquals(param("layer0.weight"), flat(filters));
    assertArrayEquals(param("layer0.bias"), filters.bias());
  }

  private static float[] flat(FirstLayerFilters filters) {
    int width = filters.width();
    float[] flat = new float[filters.count() * 4 * width];
    for (int f = 0; f < filters.count(); f++) {
      for (int b = 0; b < 4; b++) {
        System.arraycopy(filters.weights()[f][b], 0, flat, (f * 4 + b) * width, width);
      }
    }
    return flat;
  }

  @Test
  void unknownModelIsNoSuchElementAndTamperedBundleFailedPrecondition() throws Exception {
    ModelStore store = new ModelStore(dir.resolve("store"));
    ModelBundle bundle = export(store, "deepbind", 1);
    StoreModels models = new StoreModels(store);
    assertThrows(NoSuchElementException.class,
        () -> models.info(ModelRef.newBuilder().setName(ModelName.newBuilder().setName("absent")).build()));

    byte[] onnx = Files.readAllBytes(bundle.onnxFile());
    onnx[onnx.length - 1] ^= 1;
    Files.write(bundle.onnxFile(), onnx);
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> models.info(ModelRef.newBuilder().setId(bundle.id()).build()));
    assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode());
  }
}
