package io.seqbind.scorer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.seqbind.core.bundle.ModelStore;
import io.seqbind.core.model.ReverseComplement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/** A model store in a temporary directory, with one exported model, for the packaged service (seqbind.store.dir). */
public class ScorerStoreResource implements QuarkusTestResourceLifecycleManager {

  static volatile Path dir;
  static volatile OnnxModels.Exported model;

  @Override
  public Map<String, String> start() {
    try {
      dir = Files.createTempDirectory("scorer-it-store");
      ModelStore store = new ModelStore(dir);
      model = OnnxModels.add(store, "python-it", "deepbind", ReverseComplement.OFF, 2, 101, 5);
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
