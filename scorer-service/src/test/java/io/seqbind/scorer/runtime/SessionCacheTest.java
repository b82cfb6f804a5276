package io.seqbind.scorer.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.seqbind.core.bundle.BundleException;
import io.seqbind.core.bundle.ModelBundle;
import io.seqbind.core.bundle.ModelNotFoundException;
import io.seqbind.core.bundle.ModelStore;
import io.seqbind.proto.v1.ModelInfo;
import io.seqbind.proto.v1.TaskType;
import io.seqbind.scorer.FakeModels;
import io.seqbind.scorer.ScorerMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionCacheTest {

  @TempDir
  Path dir;

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final FakeModels.Loader loader = new FakeModels.Loader();

  private ModelInfo add(ModelStore store, String name) throws Exception {
    return FakeModels.add(store, FakeModels.info(name, "1", 1, 1, TaskType.TASK_TYPE_BINARY)).info();
  }

  private SessionCache cache(ModelStore store, int capacity, long maxBytes) {
    return new SessionCache(store, loader, capacity, maxBytes, new ScorerMetrics(registry));
  }

  private double counter(String name) {
    return registry.get(name).counter().count();
  }

  @Test
  void leastRecentlyUsedModelIsClosedBeyondTheCapacity() throws Exception {
    ModelStore store = new ModelStore(dir);
    ModelInfo a = add(store, "a");
    ModelInfo b = add(store, "b");
    ModelInfo c = add(store, "c");
    try (SessionCache cache = cache(store, 2, Long.MAX_VALUE)) {
      cache.acquire(a).close();
      cache.acquire(b).close();
      cache.acquire(a).close(); // a is now more recent than b
      cache.acquire(c).close();
      assertTrue(cache.isLoaded(a.getId()));
      assertFalse(cache.isLoaded(b.getId()));
      assertTrue(cache.isLoaded(c.getId()));
      assertEquals(3, loader.loads.get());
      assertEquals(1, loader.closes.get());
      assertEquals(3, counter("seqbind.scorer.model.cache.misses"));
      assertEquals(1, counter("seqbind.scorer.model.cache.hits"));
      assertEquals(2.0, registry.get("seqbind.scorer.models.loaded").gauge().value());
    }
    assertEquals(3, loader.closes.get(), "close() closes the open sessions");
  }

  @Test
  void modelsAreClosedWhenTheirFilesExceedTheByteBound() throws Exception {
    ModelStore store = new ModelStore(dir);
    ModelInfo a = add(store, "a");
    ModelInfo b = add(store, "b");
    long size = a.getOnnxSizeBytes();
    assertEquals(size, b.getOnnxSizeBytes());
    try (SessionCache cache = cache(store, 10, size + size / 2)) {
      cache.acquire(a).close();
      cache.acquire(b).close();
      assertFalse(cache.isLoaded(a.getId()));
      assertTrue(cache.isLoaded(b.getId()));
      assertEquals(1, cache.size());
    }
  }

  @Test
  void anEvictedModelStaysOpenUntilItsLastLeaseEnds() throws Exception {
    ModelStore store = new ModelStore(dir);
    ModelInfo a = add(store, "a");
    ModelInfo b = add(store, "b");
    try (SessionCache cache = cache(store, 1, Long.MAX_VALUE)) {
      SessionCache.Lease held = cache.acquire(a);
      cache.acquire(b).close();
      assertFalse(cache.isLoaded(a.getId()));
      FakeModels.FakeModel model = (FakeModels.FakeModel) held.model();
      assertFalse(model.closed, "closed under a running caller");
      model.run(new byte[1], 1, 1);
      held.close();
      assertTrue(model.closed);
      held.close(); // a second close is harmless
      assertEquals(1, loader.closes.get());
    }
  }

  @Test
  void aHitReturnsTheSameOpenModel() throws Exception {
    ModelStore store = new ModelStore(dir);
    ModelInfo a = add(store, "a");
    try (SessionCache cache = cache(store, 4, Long.MAX_VALUE);
        SessionCache.Lease first = cache.acquire(a);
        SessionCache.Lease second = cache.acquire(a)) {
      assertSame(first.model(), second.model());
      assertEquals(1, loader.loads.get());
    }
  }

  @Test
  void aModelFileThatDoesNotMatchItsIdIsRefusedAndNeverOpened() throws Exception {
    ModelStore store = new ModelStore(dir);
    ModelBundle bundle = FakeModels.add(store, FakeModels.info("a", "1", 1, 1, TaskType.TASK_TYPE_BINARY));
    byte[] bytes = Files.readAllBytes(bundle.onnxFile());
    bytes[0] ^= 1; // same size, other content
    Files.write(bundle.onnxFile(), bytes);
    try (SessionCache cache = cache(store, 4, Long.MAX_VALUE)) {
      BundleException e = assertThrows(BundleException.class, () -> cache.acquire(bundle.info()));
      assertTrue(e.getMessage().contains("differs from the manifest's id"), e.getMessage());
      assertEquals(0, loader.loads.get());
      assertFalse(cache.isLoaded(bundle.id()));
    }
  }

  @Test
  void aCorruptionThatKeepsSizeAndTimeIsCaughtWhenTheRehashIsDue() throws Exception {
    ModelStore store = new ModelStore(dir);
    ModelBundle bundle = FakeModels.add(store, FakeModels.info("a", "1", 1, 1, TaskType.TASK_TYPE_BINARY));
    try (SessionCache cache = new SessionCache(store, loader, 4, Long.MAX_VALUE, new ScorerMetrics(registry),
        Duration.ZERO, Duration.ofMillis(300))) {
      cache.acquire(bundle.info()).close();
      FileTime time = Files.getLastModifiedTime(bundle.onnxFile());
      byte[] bytes = Files.readAllBytes(bundle.onnxFile());
      bytes[0] ^= 1;
      Files.write(bundle.onnxFile(), bytes); // same size, same inode...
      Files.setLastModifiedTime(bundle.onnxFile(), time); // ...same time: a stat cannot tell
      cache.acquire(bundle.info()).close();
      Thread.sleep(350);
      BundleException e = assertThrows(BundleException.class, () -> cache.acquire(bundle.info()));
      assertTrue(e.getMessage().contains("differs from the manifest's id"), e.getMessage());
      assertFalse(cache.isLoaded(bundle.id()));
      assertEquals(1, loader.closes.get(), "the open session was closed");
      assertEquals(1, counter("seqbind.scorer.model.bundle.refusals"));
    }
  }

  @Test
  void aLoadedModelWhoseBundleWasDeletedIsNotFoundAndClosedOnceItsLeaseEnds() throws Exception {
    ModelStore store = new ModelStore(dir);
    ModelBundle bundle = FakeModels.add(store, FakeModels.info("a", "1", 1, 1, TaskType.TASK_TYPE_BINARY));
    try (SessionCache cache = new SessionCache(store, loader, 4, Long.MAX_VALUE, new ScorerMetrics(registry),
        Duration.ZERO, Duration.ofHours(1))) {
      SessionCache.Lease running = cache.acquire(bundle.info());
      Files.delete(bundle.onnxFile());
      Files.delete(bundle.dir().resolve(ModelBundle.MANIFEST));
      assertThrows(ModelNotFoundException.class, () -> cache.acquire(bundle.info()));
      FakeModels.FakeModel model = (FakeModels.FakeModel) running.model();
      assertFalse(model.closed, "not closed under the batch still using it");
      running.close();
      assertTrue(model.closed);
      assertEquals(0, cache.size());
    }
  }
}
