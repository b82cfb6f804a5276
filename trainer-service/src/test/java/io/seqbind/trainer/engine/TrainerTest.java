package io.seqbind.trainer.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqbind.core.model.ModelSpec;
import io.seqbind.core.model.Presets;
import io.seqbind.trainer.ops.JavaOps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reproducibility, model independence, early stopping and saving, on small planted-motif sets. */
class TrainerTest {

  private static final Batch TRAIN = SimulatedData.ctcf(300, 60, 11);
  private static final Batch VALID = SimulatedData.ctcf(100, 60, 12);
  private final JavaOps ops = new JavaOps();

  private TrainResult train(ModelSpec spec, long seed, List<Hyperparameters> hyper, int steps) {
    TrainConfig config = new TrainConfig(OptimizerKind.SGD_NESTEROV, 16, steps, 10, 100, seed, 5.0, hyper);
    return new Trainer(spec, config, ops, ops).train(TRAIN, VALID, ProgressListener.NONE);
  }

  private static List<Hyperparameters> sgd(double... rates) {
    List<Hyperparameters> list = new ArrayList<>();
    for (double r : rates) {
      list.add(Hyperparameters.defaults(OptimizerKind.SGD_NESTEROV).withLearningRate(r).withDecay(1e-4, 1e-3, 5));
    }
    return list;
  }

  @Test
  void sameSeedSameWeightsDifferentSeedDifferent() {
    ModelSpec spec = Presets.byName("deepbind"); // dropout, both strands, decay and clipping all in play
    Map<String, float[]> a = train(spec, 7, sgd(0.02), 30).network().store().tensors();
    Map<String, float[]> b = train(spec, 7, sgd(0.02), 30).network().store().tensors();
    Map<String, float[]> c = train(spec, 8, sgd(0.02), 30).network().store().tensors();
    assertEquals(a.keySet(), b.keySet());
    for (String name : a.keySet()) {
      assertArrayEquals(a.get(name), b.get(name), name);
    }
    assertFalse(Arrays.equals(a.get("layer0.weight"), c.get("layer0.weight")));
  }

  @Test
  void modelsTrainedTogetherEqualModelsTrainedAlone() {
    ModelSpec spec = Presets.byName("deepbind_maxavg");
    ParamStore together = train(spec, 3, sgd(0.02, 0.005), 30).network().store();
    ParamStore alone = train(spec, 3, sgd(0.005), 30).network().store();
    ParamStore first = train(spec, 3, sgd(0.02), 30).network().store();
    Map<String, float[]> t1 = together.snapshot(1);
    Map<String, float[]> a0 = alone.snapshot(0);
    Map<String, float[]> t0 = together.snapshot(0);
    Map<String, float[]> f0 = first.snapshot(0);
    for (String name : a0.keySet()) {
      assertFalse(Arrays.equals(t0.get(name), t1.get(name)) && name.endsWith("weight"), name);
      assertArrayEquals(t0.get(name), f0.get(name), name);
    }
    // Model 1 draws its init from stream 1, so it differs from a lone model 0; its learning rate must match.
    assertFalse(Arrays.equals(t1.get("layer0.weight"), a0.get("layer0.weight")));
  }

  @Test
  void earlyStoppingRestoresTheBestCheckpoint() {
    ModelSpec spec = Presets.byName("deepbind_nohidden");
    List<Double> metrics = new ArrayList<>();
    List<Integer> steps = new ArrayList<>();
    TrainConfig config = new TrainConfig(OptimizerKind.ADAM, 32, 2000, 10, 3, 5, 0,
        List.of(Hyperparameters.defaults(OptimizerKind.ADAM).withLearningRate(0.01)));
    TrainResult result = new Trainer(spec, config, ops, ops).train(TRAIN, VALID, (step, loss, metric, active) -> {
      metrics.add(metric[0]);
      steps.add(step);
      assertTrue(Double.isFinite(loss[0]));
    });
    assertTrue(result.steps() < 2000, "patience 3 must stop before the step limit");
    double best = metrics.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    assertEquals(best, result.bestMetric()[0]);
    assertEquals(steps.get(metrics.indexOf(best)), result.bestStep()[0]);
    assertEquals(result.bestStep()[0] + 3 * 10, result.steps());
    float[] scores = Predictor.predict(result.network(), VALID)[0];
    assertEquals(best, new Validation(spec.head().type()).metric(VALID, scores), 1e-12,
        "the returned network must be the best checkpoint, not the last");
  }

  @Test
  void savedModelScoresTheSame(@TempDir Path dir) throws IOException {
    ModelSpec spec = Presets.byName("deepbind");
    TrainResult result = train(spec, 9, sgd(0.02, 0.01), 20);
    Path file = dir.resolve("m1.weights");
    ModelFile.save(file, result.network(), 1);
    Network loaded = ModelFile.load(file, 64, ops, ops);
    assertEquals(spec, loaded.spec());
    float[] expected = Predictor.predict(result.network(), VALID)[1];
    assertArrayEquals(expected, Predictor.predict(loaded, VALID)[0]);
    // another length works for a spec that pools globally
    Batch longer = SimulatedData.ctcf(10, 90, 4);
    assertEquals(10, Predictor.predict(loaded, longer)[0].length);

    // All models in one file: an ensemble's checkpoint.
    ModelFile.save(dir.resolve("all.weights"), result.network());
    Network all = ModelFile.load(dir.resolve("all.weights"), 64, ops, ops);
    assertEquals(result.network().models(), all.models());
    float[][] each = Predictor.predict(result.network(), VALID);
    float[][] eachLoaded = Predictor.predict(all, VALID);
    for (int m = 0; m < each.length; m++) {
      assertArrayEquals(each[m], eachLoaded[m], "model " + m);
    }

    Files.writeString(dir.resolve("bad"), "hello");
    IOException e = assertThrows(IOException.class, () -> ModelFile.load(dir.resolve("bad"), 8, ops, ops));
    assertTrue(e.getMessage().contains("bad"), e.getMessage());
  }

  @Test
  void everyPresetBuildsAndRunsAStep() {
    for (String name : Presets.names()) {
      ModelSpec spec = Presets.byName(name);
      int length = name.equals("basset") ? 600 : 101;
      Network net = Network.create(spec, 1, length, 2, ops, ops);
      Initializer.initialise(net, List.of(Hyperparameters.defaults(OptimizerKind.ADAM)), 1);
      byte[] bases = new byte[2 * length];
      for (int i = 0; i < bases.length; i++) {
        bases[i] = (byte) (i * 7 % 4);
      }
      float[] out = net.forward(bases, 2, true);
      float[] grad = new float[2 * spec.head().tasks()];
      Arrays.fill(grad, 1f);
      net.backward(grad, 2);
      assertTrue(Float.isFinite(out[0]), name);
    }
  }
}
