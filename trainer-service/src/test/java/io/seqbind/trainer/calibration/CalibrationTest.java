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
  void adamSpaceSearchesAdamsRateAndScalesAroundHesWithoutMomentum() {
    ModelSpec deepBind = Presets.byName("deepbind");
    SearchSpace space = SearchSpace.defaultFor(deepBind, OptimizerKind.ADAM);
    assertEquals(List.of(Setting.LEARNING_RATE, Setting.CONV_INIT_SCALE, Setting.CONV_WEIGHT_DECAY,
            Setting.DENSE_WEIGHT_DECAY, Setting.DENSE_INIT_SCALE, Setting.DROPOUT, Setting.POOLING, Setting.HIDDEN),
        space.parameters().stream().map(p -> p.getParameter()).toList());
    List<Setting> settings = space.sample(200, 5);
    for (Setting s : settings) {
      double lr = Double.parseDouble(s.values().get(Setting.LEARNING_RATE));
      assertTrue(lr >= 5e-4 && lr <= 2e-2, "learning rate " + lr);
      for (String scale : List.of(Setting.CONV_INIT_SCALE, Setting.DENSE_INIT_SCALE)) {
        double v = Double.parseDouble(s.values().get(scale));
        assertTrue(v >= 0.01 && v <= 0.3, scale + " " + v);
      }
    }
    // Log-uniform over [5e-4, 2e-2]: about half below the geometric midpoint sqrt(5e-4 * 2e-2) = 3.16e-3.
    long low = settings.stream().filter(s -> Double.parseDouble(s.values().get(Setting.LEARNING_RATE)) < 3.162e-3)
        .count();
    assertTrue(low > 70 && low < 130, "draws under the geometric midpoint: " + low);
    // A setting from the Adam space keeps Adam's beta1 (momentum) and sets the per-layer scales it drew.
    Setting first = settings.get(0);
    ModelSpec spec = first.architecture(deepBind);
    Hyperparameters h = first.hyperparameters(spec, OptimizerKind.ADAM, Hyperparameters.defaults(OptimizerKind.ADAM));
    assertEquals(0.9, h.momentum());
    assertEquals(Double.parseDouble(first.values().get(Setting.CONV_INIT_SCALE)), h.layerInitScale().get(0));
    // SGD and AdaDelta keep DeepBind's space; the one-argument form is SGD's.
    assertEquals(SearchSpace.defaultFor(deepBind).parameters(),
        SearchSpace.defaultFor(deepBind, OptimizerKind.SGD_NESTEROV).parameters());
    assertEquals(SearchSpace.defaultFor(deepBind).parameters(),
        SearchSpace.defaultFor(deepBind, OptimizerKind.ADADELTA).parameters());
    assertEquals(space.parameters(), SearchSpace.fromJson(space.toJson(), "test").parameters());
  }

  @Test
  void heldOutRowsAreASeededUniformSubsetOrEveryRow() {
    assertArrayEquals(new int[] {0, 1, 2, 3, 4}, Calibration.heldOutRows(5, 5, 1));
    assertArrayEquals(new int[] {0, 1, 2}, Calibration.heldOutRows(3, 4096, 1));
    int[] rows = Calibration.heldOutRows(1000, 100, 7);
    assertEquals(100, rows.length);
    for (int i = 1; i < rows.length; i++) {
      assertTrue(rows[i] > rows[i - 1], "distinct and increasing");
    }
    assertTrue(rows[0] >= 0 && rows[99] < 1000);
    assertArrayEquals(rows, Calibration.heldOutRows(1000, 100, 7), "same seed, same rows");
    assertTrue(!java.util.Arrays.equals(rows, Calibration.heldOutRows(1000, 100, 8)), "another seed, other rows");
    // Uniform over 0..999: the mean of 100 draws without replacement is 499.5 with sd ~28.
    double mean = java.util.Arrays.stream(rows).average().orElseThrow();
    assertTrue(Math.abs(mean - 499.5) < 100, "mean row " + mean);
    assertThrows(IllegalArgumentException.class,
        () -> new Calibration.Plan(TrainConfig.single(OptimizerKind.ADAM, 32, 1, 1), 2, 10, 5, 1, 1));
  }

  @Test
  void aCapOnHeldOutSequencesScoresASubsetAndALargeCapChangesNothing() throws Exception {
    ModelSpec base = Presets.byName("deepbind");
    List<Setting> settings = List.of(new Setting(0, Map.of(Setting.LEARNING_RATE, "0.01")));
    TrainConfig adam = TrainConfig.single(OptimizerKind.ADAM, 32, 1, 1);
    JavaOps ops = new JavaOps();
    Calibration.Listener quiet = (g, groups, n, step, total, metric) -> {};
    // 600 sequences, 2 folds: 300 held out per fold, under the default cap of 4096.
    Trial whole = new Calibration(base, new Calibration.Plan(adam, 2, 40, 20, 9), ops, ops)
        .run(planted(), settings, null, quiet).best();
    Trial large = new Calibration(base, new Calibration.Plan(adam, 2, 40, 20, 9, 300), ops, ops)
        .run(planted(), settings, null, quiet).best();
    Trial capped = new Calibration(base, new Calibration.Plan(adam, 2, 40, 20, 9, 40), ops, ops)
        .run(planted(), settings, null, quiet).best();
    assertArrayEquals(whole.foldCurves()[0], large.foldCurves()[0], "a cap of the fold's size scores it all");
    assertArrayEquals(whole.foldCurves()[1], large.foldCurves()[1]);
    // Training is the same (the cap touches only the held-out side); 40 of 300 give other AUCs.
    assertTrue(!java.util.Arrays.equals(whole.foldCurves()[0], capped.foldCurves()[0]),
        "40 held-out sequences score differently from 300");
    for (double[] curve : capped.foldCurves()) {
      for (double auc : curve) {
        assertTrue(auc >= 0 && auc <= 1, "an AUC " + auc);
      }
    }
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
