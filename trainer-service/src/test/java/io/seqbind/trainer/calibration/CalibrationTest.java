package io.seqbind.trainer.calibration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqbind.core.model.LayerSpec;
import io.seqbind.core.model.ModelSpec;
import io.seqbind.core.model.PoolMode;
import io.seqbind.core.model.Presets;
import io.seqbind.core.seq.LabeledSequence;
import io.seqbind.core.simulate.KnownMotifs;
import io.seqbind.core.simulate.SequenceSetConfig;
import io.seqbind.core.simulate.SequenceSimulator;
import io.seqbind.trainer.engine.Hyperparameters;
import io.seqbind.trainer.engine.OptimizerKind;
import io.seqbind.trainer.engine.TrainConfig;
import io.seqbind.trainer.ops.JavaOps;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalibrationTest {

  @TempDir
  Path dir;

  @Test
  void deepBindSpaceSamplesWithinItsRangesAndReproducibly() {
    SearchSpace space = SearchSpace.defaultFor(Presets.byName("deepbind"));
    assertEquals(9, space.parameters().size());
    List<Setting> settings = space.sample(200, 5);
    assertEquals(settings.subList(0, 3), space.sample(3, 5), "setting i depends on the seed and i only");
    for (Setting s : settings) {
      double lr = Double.parseDouble(s.values().get(Setting.LEARNING_RATE));
      double momentum = Double.parseDouble(s.values().get(Setting.MOMENTUM));
      assertTrue(lr >= 5e-4 && lr <= 5e-2, "learning rate " + lr);
      assertTrue(momentum >= 0.95 && momentum <= 0.99, "momentum " + momentum);
      assertTrue(List.of("0", "0.25", "0.5").contains(s.values().get(Setting.DROPOUT)));
    }
    // Log-uniform: about half of the draws fall below the geometric mean of the range.
    long low = settings.stream().filter(s -> Double.parseDouble(s.values().get(Setting.LEARNING_RATE)) < 5e-3).count();
    assertTrue(low > 70 && low < 130, "draws under the geometric midpoint: " + low);
    assertEquals(space.parameters(), SearchSpace.fromJson(space.toJson(), "test").parameters());
  }

  @Test
  void aBadSpaceIsRefusedNamingTheParameter() {
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> SearchSpace.fromJson("{\"search_space\": [{\"parameter\": \"lr\", \"uniform\": {\"min\": 1, \"max\": 2}}]}", "s.json"));
    assertTrue(unknown.getMessage().startsWith("search space: unknown parameter 'lr'"), unknown.getMessage());
    IllegalArgumentException range = assertThrows(IllegalArgumentException.class, () -> SearchSpace.fromJson(
        "{\"search_space\": [{\"parameter\": \"learning_rate\", \"log_uniform\": {\"min\": 0, \"max\": 2}}]}", "s.json"));
    assertEquals("search space: learning_rate needs min <= max and min > 0, got [0.0, 2.0]", range.getMessage());
  }

  @Test
  void aSettingChoosesDeepBindsPoolingAndHiddenLayerAndPerLayerValues() {
    ModelSpec base = Presets.byName("deepbind");
    Setting s = new Setting(0, Map.of(Setting.POOLING, "GLOBAL_POOL_MODE_MAX_AVG", Setting.HIDDEN, "false",
        Setting.CONV_INIT_SCALE, "0.001", Setting.DENSE_INIT_SCALE, "0.01", Setting.CONV_WEIGHT_DECAY, "1e-6",
        Setting.DENSE_WEIGHT_DECAY, "1e-4", Setting.LEARNING_RATE, "0.02"));
    ModelSpec spec = s.architecture(base);
    assertEquals(List.of(new LayerSpec.Conv(16, 24, 1), new LayerSpec.Relu(), new LayerSpec.GlobalPool(PoolMode.MAX_AVG)),
        spec.layers());
    assertEquals(base.reverseComplement(), spec.reverseComplement());
    Hyperparameters h = s.hyperparameters(spec, OptimizerKind.SGD_NESTEROV, Hyperparameters.defaults(OptimizerKind.SGD_NESTEROV));
    assertEquals(0.02, h.learningRate());
    assertEquals(Map.of(0, 0.001, 3, 0.01), h.layerInitScale(), "conv layer 0 and the head (layer 3)");
    assertEquals(1e-6, h.layerDecay().get(0)[1]);
    assertEquals(1e-4, h.layerDecay().get(3)[1]);
  }

  private static List<LabeledSequence> planted() {
    SequenceSetConfig config = SequenceSetConfig.of(List.of(KnownMotifs.get("CTCF"))).withCount(600).withLength(60);
    return new SequenceSimulator(config).simulate(3).sequences();
  }

  @Test
  void calibrationPrefersTheSettingThatLearnsAndResumesFromItsCheckpoints() throws Exception {
    ModelSpec base = Presets.byName("deepbind");
    // Two settings that learn and two whose learning rate is far too small to move in 120 steps; one of
    // each changes the architecture, so two groups train.
    List<Setting> settings = List.of(
        new Setting(0, Map.of(Setting.LEARNING_RATE, "1e-7", Setting.HIDDEN, "true")),
        new Setting(1, Map.of(Setting.LEARNING_RATE, "0.01", Setting.HIDDEN, "true")),
        new Setting(2, Map.of(Setting.LEARNING_RATE, "1e-7", Setting.HIDDEN, "false")),
        new Setting(3, Map.of(Setting.LEARNING_RATE, "0.01", Setting.HIDDEN, "false")));
    TrainConfig adam = TrainConfig.single(OptimizerKind.ADAM, 32, 1, 1);
    Calibration.Plan plan = new Calibration.Plan(adam, 2, 120, 40, 9);
    JavaOps ops = new JavaOps();
    int[] calls = {0};
    Calibration.Result first = new Calibration(base, plan, ops, ops).run(planted(), settings, dir,
        (g, groups, n, step, total, metric) -> calls[0]++);
    assertEquals(6, calls[0], "2 groups x 3 checkpoints (40, 80, 120)");
    assertEquals(4, first.trials().size());
    for (Trial t : first.trials()) {
      assertArrayEquals(new int[] {40, 80, 120}, t.steps());
      assertEquals((t.foldMetrics()[0] + t.foldMetrics()[1]) / 2, t.meanMetric(), 1e-12);
    }
    Trial best = first.best();
    assertTrue(best.setting().index() == 1 || best.setting().index() == 3, "best " + best);
    assertTrue(best.meanMetric() > 0.8, "best mean held-out AUC " + best.meanMetric());
    assertTrue(first.trials().get(0).meanMetric() < best.meanMetric());

    // Resume: both groups are read back from their checkpoints, nothing trains, the result is the same.
    Calibration.Result again = new Calibration(base, plan, ops, ops).run(planted(), settings, dir,
        (g, groups, n, step, total, metric) -> {
          throw new AssertionError("trained again instead of resuming");
        });
    assertEquals(first.bestIndex(), again.bestIndex());
    for (int i = 0; i < 4; i++) {
      assertEquals(first.trials().get(i).meanMetric(), again.trials().get(i).meanMetric());
      assertEquals(first.trials().get(i).bestStep(), again.trials().get(i).bestStep());
    }
  }
}
