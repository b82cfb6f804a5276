package io.seqbind.scorer.bench;

import io.seqbind.core.bundle.ModelStore;
import io.seqbind.core.model.ReverseComplement;
import io.seqbind.scorer.OnnxModels;
import java.nio.file.Path;

/**
 * Writes a randomly initialised model (DeepBind unless a preset is named) (exported by the trainer's OnnxExport) into a model store for
 * bench/score_bench.sh, and prints its id. Weights do not matter for speed; the architecture does.
 *
 * <p>usage: BenchModel STORE_DIR [PRESET [LENGTH]] (default: deepbind 101)
 */
public final class BenchModel {

  private BenchModel() {}

  public static void main(String[] args) throws Exception {
    ModelStore store = new ModelStore(Path.of(args[0]));
    String preset = args.length > 1 ? args[1] : "deepbind";
    int length = args.length > 2 ? Integer.parseInt(args[2]) : 101;
    OnnxModels.Exported m = OnnxModels.add(store, "bench-" + preset + "-" + System.currentTimeMillis(), preset,
        ReverseComplement.OFF, 1, length, 42);
    System.out.println(m.bundle().id());
  }
}
