package io.seqbind.trainer.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.Int64Value;
import io.seqbind.core.model.ModelSpec;
import io.seqbind.core.model.Presets;
import io.seqbind.proto.v1.CalibrationConfig;
import io.seqbind.proto.v1.JobSpec;
import io.seqbind.proto.v1.Optimizer;
import io.seqbind.proto.v1.TrainingConfig;
import io.seqbind.trainer.calibration.SearchSpace;
import io.seqbind.trainer.calibration.Setting;
import io.seqbind.trainer.engine.OptimizerKind;
import io.seqbind.trainer.training.TrainOptions;
import org.junit.jupiter.api.Test;

class JobSpecsTest {

  private static final ModelSpec DEEPBIND = Presets.byName("deepbind");

  private static JobSpec job(TrainingConfig.Builder training) {
    return JobSpec.newBuilder().setTraining(training).build();
  }

  private static TrainingConfig.Builder calibrated() {
    return TrainingConfig.newBuilder().setCalibration(CalibrationConfig.newBuilder().setSettings(30));
  }

  @Test
  void aCalibratedJobDefaultsToAdamWithTheAdamSpace600StepsAndCheckpointsEvery200() throws Exception {
    TrainingConfig t = calibrated().build();
    TrainOptions options = JobSpecs.options(job(calibrated()));
    assertEquals(OptimizerKind.ADAM, options.optimizer());
    assertEquals(0.003, options.learningRate(), "Adam's default rate (each setting draws its own)");
    assertEquals(200, options.validateEvery());
    assertEquals(600, JobSpecs.calibrationSteps(t));
    assertEquals(3, JobSpecs.folds(t));
    assertEquals(SearchSpace.defaultFor(DEEPBIND, OptimizerKind.ADAM).parameters(),
        JobSpecs.searchSpace(t, DEEPBIND).parameters());
  }

  @Test
  void deepBindsRecipeIsOneFieldAwayAndExplicitValuesWin() throws Exception {
    TrainingConfig.Builder sgd = calibrated().setOptimizer(Optimizer.OPTIMIZER_SGD_NESTEROV)
        .setValidationIntervalSteps(Int64Value.of(50));
    TrainOptions options = JobSpecs.options(job(sgd));
    assertEquals(OptimizerKind.SGD_NESTEROV, options.optimizer());
    assertEquals(50, options.validateEvery());
    SearchSpace space = JobSpecs.searchSpace(sgd.build(), DEEPBIND);
    assertEquals(SearchSpace.defaultFor(DEEPBIND).parameters(), space.parameters());
    assertEquals(Setting.MOMENTUM, space.parameters().get(1).getParameter());
  }

  @Test
  void anUncalibratedJobKeepsAdamAndValidatesEvery100() throws Exception {
    TrainOptions options = JobSpecs.options(job(TrainingConfig.newBuilder()));
    assertEquals(OptimizerKind.ADAM, options.optimizer());
    assertEquals(100, options.validateEvery());
    assertEquals(5000, options.maxSteps());
  }
}
