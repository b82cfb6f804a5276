package io.seqbind.scorer.bench;

import io.seqbind.core.bundle.ModelStore;
import io.seqbind.core.model.ReverseComplement;
import io.seqbind.scorer.OnnxModels;
import java.nio.file.Path;

/**
 * Writes a randomly initialised DeepBind model (exported by the trainer's OnnxExport) into a model store for
 * bench/score_bench.sh, and prints its id. Weights do not matter for speed; the architecture does.
 *
 * <p>usage: BenchModel STORE_DIR
 */
public final class BenchModel {

  private BenchModel() {}

  public static void main(String[] args) throws Exception {
    ModelStore store = new ModelStore(Path.of(args[0]));
    OnnxModels.Exported m = OnnxModels.add(store, "bench-deepbind-" + System.currentTimeMillis(), "deepbind",
        ReverseComplement.OFF, 1, 101, 42);
    System.out.println(m.bundle().id());
  }
}
