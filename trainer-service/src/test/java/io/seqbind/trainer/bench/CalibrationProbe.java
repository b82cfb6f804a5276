package io.seqbind.trainer.bench;

import io.seqbind.core.model.ModelSpec;
import io.seqbind.core.model.OutputHead;
import io.seqbind.core.model.Presets;
import io.seqbind.core.model.TaskType;
import io.seqbind.core.seq.LabeledSequence;
import io.seqbind.trainer.data.DataSource;
import io.seqbind.trainer.data.Dataset;
import io.seqbind.trainer.data.Negatives;
import io.seqbind.trainer.data.TrainingData;
import io.seqbind.trainer.engine.Batch;
import io.seqbind.trainer.engine.Hyperparameters;
import io.seqbind.trainer.engine.OptimizerKind;
import io.seqbind.trainer.engine.TrainConfig;
import io.seqbind.trainer.engine.Trainer;
import io.seqbind.trainer.ops.AparapiOps;
import io.seqbind.trainer.ops.DeviceChoice;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Throughput of the engine's multi-model training on one ENCODE training file, as calibration uses it: M
 * models of the deepbind preset (both strands) trained together for S steps at batch B, with or without a
 * validation pass. Prints model-samples/s. A measuring aid for calibration's plan (how many models per run,
 * batch size, validation interval), not a benchmark with a peer.
 *
 * <p>Usage: {@code CalibrationProbe FILE_AC.seq.gz MODELS[,MODELS..] STEPS BATCH[,BATCH..] [VALIDATE_EVERY]}
 */
public final class CalibrationProbe {

  private CalibrationProbe() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    int steps = Integer.parseInt(args[2]);
    int every = args.length > 4 ? Integer.parseInt(args[4]) : Integer.MAX_VALUE;
    Dataset data = TrainingData.load(new DataSource(file, null, null, DataSource.DEFAULT_WINDOW, Negatives.AUTO, 1));
    List<LabeledSequence> records = data.records();
    int third = records.size() / 3;
    Batch train = Batch.of(records.subList(0, 2 * third));
    Batch validation = Batch.of(records.subList(2 * third, records.size()));
    ModelSpec spec = Presets.byName("deepbind").withHead(new OutputHead(1, TaskType.BINARY));
    try (AparapiOps ops = AparapiOps.create(DeviceChoice.AUTO)) {
      for (String m : args[1].split(",")) {
        for (String b : args[3].split(",")) {
          int models = Integer.parseInt(m);
          int batch = Integer.parseInt(b);
          List<Hyperparameters> hyper = new ArrayList<>();
          for (int i = 0; i < models; i++) {
            hyper.add(Hyperparameters.defaults(OptimizerKind.ADAM));
          }
          TrainConfig config = new TrainConfig(OptimizerKind.ADAM, batch, steps,
              Math.min(every, steps + 1), Integer.MAX_VALUE, 1, 0, hyper);
          long start = System.nanoTime();
          new Trainer(spec, config, ops, ops).train(train, validation, (s, loss, metric, active) -> {});
          double seconds = (System.nanoTime() - start) / 1e9;
          System.out.printf(Locale.ROOT, "models=%d batch=%d steps=%d validate_every=%s seconds=%.2f "
                  + "model_samples_per_s=%.0f%n", models, batch, steps, every == Integer.MAX_VALUE ? "end" : every,
              seconds, (double) models * batch * steps / seconds);
        }
      }
    }
  }
}
