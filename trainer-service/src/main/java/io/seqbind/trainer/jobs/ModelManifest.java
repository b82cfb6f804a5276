package io.seqbind.trainer.jobs;

import com.google.protobuf.DoubleValue;
import com.google.protobuf.Timestamp;
import io.seqbind.core.model.ModelSpec;
import io.seqbind.core.model.SpecProtos;
import io.seqbind.core.model.TaskType;
import io.seqbind.proto.v1.Alphabet;
import io.seqbind.proto.v1.CalibrationSummary;
import io.seqbind.proto.v1.CalibrationTrial;
import io.seqbind.proto.v1.FileDigest;
import io.seqbind.proto.v1.JobSpec;
import io.seqbind.proto.v1.MetricKind;
import io.seqbind.proto.v1.ModelInfo;
import io.seqbind.proto.v1.ModelName;
import io.seqbind.proto.v1.TaskMetrics;
import io.seqbind.proto.v1.TrainingDataSummary;
import io.seqbind.trainer.calibration.Calibration;
import io.seqbind.trainer.calibration.Trial;
import io.seqbind.trainer.engine.TrainConfig;
import io.seqbind.trainer.jobs.TrainingJobRunner.Final;
import io.seqbind.trainer.jobs.TrainingJobRunner.Prepared;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The manifest of a model a job trained: how it was made (the job's training settings as they were resolved,
 * the architecture, the calibration's trials), what it was trained on (sizes and sha256 of the files) and how
 * it did (validation and test metrics). The store writes it next to model.onnx.
 */
final class ModelManifest {

  private static final DateTimeFormatter VERSION = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private ModelManifest() {}

  static ModelInfo of(JobSpec job, Prepared p, ModelSpec spec, TrainConfig config,
      Calibration.Result calibration, Final trained, io.seqbind.proto.v1.Metrics testMetrics, Instant created)
      throws IOException, InvalidJobException {
    boolean binary = spec.head().type() == TaskType.BINARY;
    ModelName name = ModelName.newBuilder()
        .setName(job.getModel().getName().isEmpty() ? spec.name() : job.getModel().getName())
        .setVersion(job.getModel().getVersion().isEmpty() ? VERSION.format(created) : job.getModel().getVersion())
        .build();
    io.seqbind.proto.v1.TrainingConfig.Builder training = job.getTraining().toBuilder()
        .setOptimizer(io.seqbind.proto.v1.Optimizer.valueOf("OPTIMIZER_" + config.optimizer().name()))
        .setLearningRate(DoubleValue.of(config.hyper().get(0).learningRate()))
        .setBatchSize(com.google.protobuf.Int32Value.of(config.batchSize()))
        .setMaxSteps(com.google.protobuf.Int64Value.of(config.maxSteps()))
        .setValidationIntervalSteps(com.google.protobuf.Int64Value.of(config.validateEvery()))
        .setEarlyStoppingPatience(com.google.protobuf.Int32Value.of(config.patience()))
        .setValidationFraction(DoubleValue.of(p.options().validationFraction()))
        .setSeed(com.google.protobuf.UInt64Value.of(config.seed()))
        .setValidationMetric(binary ? MetricKind.METRIC_KIND_ROC_AUC : MetricKind.METRIC_KIND_MSE)
        .setEnsembleSize(com.google.protobuf.Int32Value.of(trained.network().models()));
    ModelInfo.Builder info = ModelInfo.newBuilder()
        .setName(name)
        .setDescription(job.getDescription())
        .setTaskType(SpecProtos.toProto(spec.head().type()))
        .addAllTaskNames(p.train().taskNames())
        .setAlphabet(Alphabet.ALPHABET_DNA)
        .setMinLength(spec.minimumLength())
        .setReverseComplement(SpecProtos.toProto(spec.reverseComplement()))
        .setArchitecture(SpecProtos.toProto(spec))
        .setTraining(training)
        .setTrainingData(dataSummary(p))
        .setTrainedOn(trained.device())
        .setSeqbindVersion(String.valueOf(TrainingJobRunner.class.getPackage().getImplementationVersion()))
        .setCreateTime(Timestamp.newBuilder().setSeconds(Instant.now().getEpochSecond()))
        .setSteps(trained.steps());
    // The final model's (ensemble's) own held-out metric at its best checkpoints; calibration's cross-validated one
    // is the chosen trial's mean_metric in the calibration summary.
    double validation = trained.validationMetric();
    TaskMetrics.Builder overall = TaskMetrics.newBuilder().setExamples(trained.validationSize());
    if (binary) {
      overall.setRocAuc(DoubleValue.of(validation));
    } else {
      overall.setMse(DoubleValue.of(validation));
    }
    info.setValidationMetrics(io.seqbind.proto.v1.Metrics.newBuilder().setOverall(overall));
    if (testMetrics != null) {
      info.setTestMetrics(testMetrics);
    }
    if (calibration != null) {
      CalibrationSummary.Builder summary = CalibrationSummary.newBuilder()
          .setMetric(binary ? MetricKind.METRIC_KIND_ROC_AUC : MetricKind.METRIC_KIND_MSE)
          .setFolds(p.plan().calibration().folds())
          .setBestIndex(calibration.bestIndex());
      for (Trial t : calibration.trials()) {
        CalibrationTrial.Builder trial = CalibrationTrial.newBuilder().setIndex(t.setting().index())
            .putAllValues(t.setting().values()).setMeanMetric(t.meanMetric())
            .putValues("best_step", Integer.toString(t.bestStep()));
        for (double m : t.foldMetrics()) {
          trial.addFoldMetrics(m);
        }
        summary.addTrials(trial);
      }
      info.setCalibration(summary);
      info.setTraining(info.getTraining().toBuilder().setCalibration(info.getTraining().getCalibration().toBuilder()
          .clearSearchSpace().addAllSearchSpace(p.plan().calibration().space(p.spec(), p.options()).parameters())));
    }
    return info.build();
  }

  private static TrainingDataSummary dataSummary(Prepared p) throws IOException {
    TrainingDataSummary.Builder s = TrainingDataSummary.newBuilder()
        .setExamples(p.train().size())
        .setSequenceLength(p.train().length())
        .addFiles(digest("train", p.trainSource().input().toString(), p.train().sha256(), p.train().bytes()))
        .addAllNotes(p.train().notes());
    if (p.test() != null) {
      s.setTestExamples(p.test().size())
          .addFiles(digest("test", p.testSource().input().toString(), p.test().sha256(), p.test().bytes()));
      p.test().notes().forEach(note -> s.addNotes("test: " + note));
    }
    return s.build();
  }

  private static FileDigest digest(String role, String uri, String sha, long size) {
    return FileDigest.newBuilder().setRole(role).setUri(uri).setSha256(sha).setSizeBytes(size).build();
  }
}
