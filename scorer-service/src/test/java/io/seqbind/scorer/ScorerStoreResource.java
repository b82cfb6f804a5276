package io.seqbind.scorer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.seqbind.core.bundle.ModelBundle;
import io.seqbind.core.bundle.ModelStore;
import io.seqbind.proto.v1.TaskType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/** A model store in a temporary directory for the packaged service (seqbind.store.dir). */
public class ScorerStoreResource implements QuarkusTestResourceLifecycleManager {

  static volatile Path dir;
  static volatile ModelBundle model;

  @Override
  public Map<String, String> start() {
    try {
      dir = Files.createTempDirectory("scorer-it-store");
      ModelStore store = new ModelStore(dir);
      model = FakeModels.add(store, FakeModels.info("not-onnx", "1", 2, 1, TaskType.TASK_TYPE_BINARY));
      return Map.of("seqbind.store.dir", dir.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void stop() {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind
    }
  }
}
