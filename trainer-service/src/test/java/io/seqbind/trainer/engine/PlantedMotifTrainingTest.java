package io.seqbind.trainer.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqbind.core.metrics.Metrics;
import io.seqbind.core.model.Presets;
import io.seqbind.trainer.ops.JavaOps;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The deepbind preset learns a planted CTCF motif: held-out AUC >= 0.95. It trains in about 10 s with
 * JavaOps on 2 cores; the time is printed, not asserted (benchmarks live in bench/).
 */
class PlantedMotifTrainingTest {

  @Test
  void deepBindLearnsPlantedCtcf() {
    Batch train = SimulatedData.ctcf(2000, 101, 1);
    Batch validation = SimulatedData.ctcf(500, 101, 2);
    Batch test = SimulatedData.ctcf(500, 101, 3);
    JavaOps ops = new JavaOps();
    TrainConfig config = new TrainConfig(OptimizerKind.ADAM, 64, 1500, 50, 6, 42, 0,
        List.of(Hyperparameters.defaults(OptimizerKind.ADAM).withLearningRate(0.003)));
    long start = System.nanoTime();
    TrainResult result = new Trainer(Presets.byName("deepbind"), config, ops, ops).train(train, validation,
        (step, loss, metric, active) -> System.out.printf("step %d loss %.4f val auc %.4f%n", step, loss[0], metric[0]));
    double seconds = (System.nanoTime() - start) / 1e9;
    float[] scores = Predictor.predict(result.network(), test)[0];
    double[] labels = new double[test.n()];
    double[] values = new double[test.n()];
    for (int i = 0; i < test.n(); i++) {
      labels[i] = test.labels()[i];
      values[i] = scores[i];
    }
    double auc = Metrics.rocAuc(labels, values);
    System.out.printf("deepbind on planted CTCF: %d steps, best step %d, %.1f s, %.0f samples/s, test AUC %.4f%n",
        result.steps(), result.bestStep()[0], seconds, result.steps() * 64 / seconds, auc);
    assertTrue(auc >= 0.95, "test AUC " + auc);
  }
}
