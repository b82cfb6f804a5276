package io.seqbind.trainer.grpc;

import com.google.protobuf.Timestamp;
import io.seqbind.core.bundle.BundleException;
import io.seqbind.core.bundle.ModelBundle;
import io.seqbind.core.bundle.ModelNotFoundException;
import io.seqbind.core.bundle.ModelRefs;
import io.seqbind.core.bundle.ModelStore;
import io.seqbind.proto.v1.GetModelResponse;
import io.seqbind.proto.v1.ModelInfo;
import io.seqbind.proto.v1.ModelName;
import io.seqbind.proto.v1.ModelRef;
import io.seqbind.trainer.jobs.JobRefusedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Comparator;
import java.util.List;

/**
 * The trainer's view of the model store: ListModels' pages, GetModel's manifest, and whether a job's model name
 * and version may be used. Malformed requests are IllegalArgumentException naming the field; the store's own
 * exceptions (no such model, a damaged bundle) pass through to the status mapping.
 */
final class ModelCatalog {

  /** ListModels order: by name, newest first, then version (unique within a name) so that the order, and with
   * it paging, is total. */
  private static final Comparator<ModelInfo> MODEL_ORDER = Comparator
      .comparing((ModelInfo m) -> m.getName().getName())
      .thenComparing((ModelInfo m) -> m.getCreateTime().getSeconds(), Comparator.reverseOrder())
      .thenComparing((ModelInfo m) -> m.getCreateTime().getNanos(), Comparator.reverseOrder())
      .thenComparing((ModelInfo m) -> m.getName().getVersion());

  private static final KeysetPager<ModelInfo> PAGER = new KeysetPager<>("models", MODEL_ORDER, 4,
      m -> List.of(m.getName().getName(), Long.toString(m.getCreateTime().getSeconds()),
          Integer.toString(m.getCreateTime().getNanos()), m.getName().getVersion()),
      k -> ModelInfo.newBuilder()
          .setName(ModelName.newBuilder().setName(k.get(0)).setVersion(k.get(3)))
          .setCreateTime(Timestamp.newBuilder().setSeconds(Long.parseLong(k.get(1))).setNanos(Integer.parseInt(k.get(2))))
          .build());

  private final ModelStore store;

  ModelCatalog(ModelStore store) {
    this.store = store;
  }

  /** The page of the store's models (of one name, unless {@code name} is empty). */
  KeysetPager.Page<ModelInfo> list(String name, int pageSize, String pageToken) {
    return PAGER.page(store.list(), name, m -> name.isEmpty() || m.getName().getName().equals(name), pageSize,
        pageToken);
  }

  /** A model's info and its manifest.json as stored. */
  GetModelResponse get(ModelRef ref) throws IOException {
    switch (ref.getSelectorCase()) {
      case ID -> {
        if (!ModelRefs.ID.matcher(ref.getId()).matches()) {
          throw new IllegalArgumentException("model.id: expected the 64 lowercase hex digits of a model's sha256, got '"
              + ref.getId() + "'");
        }
      }
      case NAME -> {
        if (!ModelRefs.NAME.matcher(ref.getName().getName()).matches()) {
          throw new IllegalArgumentException("model.name.name: expected 1-128 letters, digits, '.', '_' or '-', got '"
              + ref.getName().getName() + "'");
        }
      }
      default -> throw new IllegalArgumentException("model: set model.id or model.name");
    }
    ModelBundle bundle;
    try {
      bundle = store.get(ref);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("model: " + e.getMessage(), e);
    }
    String manifest = Files.readString(bundle.dir().resolve(ModelBundle.MANIFEST), StandardCharsets.UTF_8);
    return GetModelResponse.newBuilder().setModel(bundle.info()).setManifestJson(manifest).build();
  }

  /**
   * What every job needs before it is worth validating its data: a model name the store accepts, and a version
   * (when it names one) the store does not hold yet.
   *
   * @param field the request field of the job spec, for messages
   * @throws IllegalArgumentException a malformed name or version
   * @throws JobRefusedException MODEL_TAKEN when the store holds that version
   */
  void checkNewModel(ModelName model, String field) throws JobRefusedException {
    if (!ModelRefs.NAME.matcher(model.getName()).matches()) {
      throw new IllegalArgumentException(field + ".model.name: expected 1-128 letters, digits, '.', '_' or '-'"
          + " starting with a letter or digit, got '" + model.getName() + "'");
    }
    String version = model.getVersion();
    if (version.isEmpty()) {
      return;
    }
    if (!ModelRefs.NAME.matcher(version).matches()) {
      throw new IllegalArgumentException(field + ".model.version: expected empty (the creation time) or 1-128"
          + " letters, digits, '.', '_' or '-', got '" + version + "'");
    }
    boolean taken;
    try {
      store.get(ModelRef.newBuilder().setName(model).build());
      taken = true;
    } catch (ModelNotFoundException e) {
      taken = false;
    } catch (BundleException e) {
      taken = true; // damaged, but the name and version are still used
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (taken) {
      throw new JobRefusedException(JobRefusedException.Reason.MODEL_TAKEN, "model " + model.getName() + ":"
          + version + " already exists in the store; bundles are immutable, choose another version or leave it empty");
    }
  }
}
