package io.seqbind.scorer.runtime;

import io.seqbind.core.bundle.ModelNotFoundException;
import io.seqbind.core.bundle.ModelRefs;
import io.seqbind.core.bundle.ModelStore;
import io.seqbind.proto.v1.ModelInfo;
import io.seqbind.proto.v1.ModelRef;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Turns a contract ModelRef into the manifest it names, from a listing of the store that is refreshed when
 * older than {@code refresh} and whenever a reference is not found: a bundle that appears in the store is
 * served from the next request that names it, and "newest version of a name" follows new versions within
 * {@code refresh}. Reading manifests only (no sha256 of model.onnx) keeps resolution cheap; the checksum is
 * verified when a session is opened.
 */
public final class ModelResolver {

  private final ModelStore store;
  private final long refreshNanos;
  private final LongSupplier nanoTime;
  private volatile Snapshot snapshot;

  public ModelResolver(ModelStore store, Duration refresh) {
    this(store, refresh, System::nanoTime);
  }

  ModelResolver(ModelStore store, Duration refresh, LongSupplier nanoTime) {
    this.store = store;
    this.refreshNanos = refresh.toNanos();
    this.nanoTime = nanoTime;
  }

  public ModelStore store() {
    return store;
  }

  /**
   * @throws IllegalArgumentException when the reference has no selector or a malformed id (INVALID_ARGUMENT)
   * @throws ModelNotFoundException   when the store has no such model (NOT_FOUND)
   */
  public ModelInfo resolve(ModelRef ref) {
    ModelRefs.checkWellFormed(ref);
    ModelInfo hit = find(current(), ref);
    if (hit == null) {
      hit = find(rescan(), ref); // maybe it was just added
    }
    if (hit == null) {
      throw new ModelNotFoundException("no model " + ModelRefs.describe(ref) + " in the store"); // never the server's path
    }
    return hit;
  }

  /** The store's models by name, newest first, read now (listing is rare and should show new bundles). */
  public List<ModelInfo> list() {
    return rescan().models;
  }

  private static ModelInfo find(Snapshot s, ModelRef ref) {
    // The listing is by name, newest first: the first match of a name is its newest version.
    return s.models.stream().filter(m -> ModelRefs.matches(m, ref)).findFirst().orElse(null);
  }

  private Snapshot current() {
    Snapshot s = snapshot;
    if (s == null || nanoTime.getAsLong() - s.takenNanos > refreshNanos) {
      s = rescan();
    }
    return s;
  }

  private Snapshot rescan() {
    Snapshot s = new Snapshot(store.list(), nanoTime.getAsLong());
    snapshot = s;
    return s;
  }

  private record Snapshot(List<ModelInfo> models, long takenNanos) {}
}
