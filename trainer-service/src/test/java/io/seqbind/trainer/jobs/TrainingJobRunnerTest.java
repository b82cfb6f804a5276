package io.seqbind.trainer.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Int32Value;
import com.google.protobuf.Int64Value;
import io.seqbind.core.bundle.ModelBundle;
import io.seqbind.core.bundle.ModelStore;
import io.seqbind.core.io.SeqTableWriter;
import io.seqbind.core.seq.LabeledSequence;
import io.seqbind.core.simulate.KnownMotifs;
import io.seqbind.core.simulate.SequenceSetConfig;
import io.seqbind.core.simulate.SequenceSimulator;
import io.seqbind.proto.v1.ArchitectureSpec;
import io.seqbind.proto.v1.CalibrationConfig;
import io.seqbind.proto.v1.ComputeDevice;
import io.seqbind.proto.v1.Dataset;
import io.seqbind.proto.v1.DatasetFormat;
import io.seqbind.proto.v1.DatasetSource;
import io.seqbind.proto.v1.JobPhase;
import io.seqbind.proto.v1.JobProgress;
import io.seqbind.proto.v1.JobSpec;
import io.seqbind.proto.v1.ModelInfo;
import io.seqbind.proto.v1.ModelName;
import io.seqbind.proto.v1.TrainingConfig;
import io.seqbind.trainer.engine.Batch;
import io.seqbind.trainer.engine.Hyperparameters;
import io.seqbind.trainer.engine.ModelFile;
import io.seqbind.trainer.engine.Network;
import io.seqbind.trainer.engine.OptimizerKind;
import io.seqbind.trainer.engine.Predictor;
import io.seqbind.trainer.engine.TrainConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingJobRunnerTest {

  @TempDir
  Path dir;

  /** The engine's own weights file as the exported bytes: equal bytes mean equal weights. */
  private final ModelExporter weightsBytes = (network, name) -> {
    Path file = Files.createTempFile(dir, "weights", ".bin");
    ModelFile.save(file, network);
    return Files.readAllBytes(file);
  };

  private Path seqFile(String name, int count, long seed) throws Exception {
    SequenceSetConfig config = SequenceSetConfig.of(List.of(KnownMotifs.get("CTCF"))).withCount(count).withLength(50);
    List<LabeledSequence> records = new SequenceSimulator(config).simulate(seed).sequences();
    Path file = dir.resolve(name);
    new SeqTableWriter().write(file, records);
    return file;
  }

  private static JobSpec job(Path train, Path test, int settings) {
    TrainingConfig.Builder training = TrainingConfig.newBuilder().setDevice(ComputeDevice.COMPUTE_DEVICE_JAVA)
        .setMaxSteps(Int64Value.of(60)).setValidationIntervalSteps(Int64Value.of(20))
        .setBatchSize(Int32Value.of(32));
    if (settings > 0) {
      training.setCalibration(CalibrationConfig.newBuilder().setSettings(settings).setFolds(Int32Value.of(2))
          .setStepsPerSetting(Int64Value.of(40)));
    }
    Dataset.Builder data = Dataset.newBuilder().setTrain(DatasetSource.newBuilder()
        .setFormat(DatasetFormat.DATASET_FORMAT_DEEPBIND_SEQ).setUri(train.toString()));
    if (test != null) {
      data.setTest(DatasetSource.newBuilder().setFormat(DatasetFormat.DATASET_FORMAT_DEEPBIND_SEQ)
          .setUri(test.toUri().toString()));
    }
    return JobSpec.newBuilder().setModel(ModelName.newBuilder().setName("ctcf").setVersion("1"))
        .setArchitecture(ArchitectureSpec.newBuilder().setPreset("deepbind")).setTraining(training)
        .setDataset(data).build();
  }

  /** Records progress; cancels once the given phase is reached (a crash stand-in). */
  private static final class Recorder implements JobContext {
    final List<JobProgress> seen = new ArrayList<>();
    final JobPhase stopAt;

    Recorder(JobPhase stopAt) {
      this.stopAt = stopAt;
    }

    @Override
    public void progress(JobProgress progress) {
      seen.add(progress);
    }

    @Override
    public boolean cancelled() {
      return seen.stream().anyMatch(p -> p.getPhase() == stopAt);
    }
  }

  @Test
  void aCalibratedJobStoresItsModelWithTheWholeStoryInTheManifest() throws Exception {
    ModelStore store = new ModelStore(dir.resolve("store"));
    JobSpec spec = job(seqFile("train.seq.gz", 300, 1), seqFile("test.seq", 100, 2), 3);
    Recorder recorder = new Recorder(JobPhase.JOB_PHASE_UNSPECIFIED);
    String id = new TrainingJobRunner(store, weightsBytes).run(spec, dir.resolve("work"), recorder);

    ModelBundle bundle = store.get("ctcf:1");
    assertEquals(id, bundle.id());
    ModelInfo info = bundle.info();
    assertEquals(List.of("Bound"), info.getTaskNamesList());
    assertEquals(3, info.getCalibration().getTrialsCount());
    assertEquals(2, info.getCalibration().getTrials(0).getFoldMetricsCount());
    double best = info.getCalibration().getTrials(info.getCalibration().getBestIndex()).getMeanMetric();
    for (var trial : info.getCalibration().getTrialsList()) {
      assertTrue(trial.getMeanMetric() <= best, "best index has the best mean");
    }
    // The final model early-stops on the job's 10% validation split, never before the calibrated step: the
    // manifest's validation metrics are its own (30 of 300 sequences), the CV metric is the trial's.
    int calibratedStep = Integer.parseInt(info.getCalibration().getTrials(info.getCalibration().getBestIndex())
        .getValuesOrThrow("best_step"));
    assertTrue(info.getSteps() >= calibratedStep, info.getSteps() + " steps, calibrated " + calibratedStep);
    assertTrue(info.getSteps() <= 60, "max_steps bounds the final model");
    assertEquals(30, info.getValidationMetrics().getOverall().getExamples());
    assertTrue(info.getValidationMetrics().getOverall().hasRocAuc());
    assertEquals(60, info.getTraining().getMaxSteps().getValue());
    assertEquals(20, info.getTraining().getValidationIntervalSteps().getValue());
    assertEquals(5, info.getTraining().getEarlyStoppingPatience().getValue());
    assertEquals(0.1, info.getTraining().getValidationFraction().getValue());
    assertEquals(JobSpecs.DEFAULT_CALIBRATED_ENSEMBLE, info.getTraining().getEnsembleSize().getValue(),
        "a calibrated job stores an ensemble unless told otherwise");
    assertEquals(100, info.getTestMetrics().getOverall().getExamples());
    assertTrue(info.getTestMetrics().getOverall().hasRocAuc());
    assertEquals(300, info.getTrainingData().getExamples());
    assertEquals(50, info.getTrainingData().getSequenceLength());
    assertEquals(24, info.getMinLength());
    // No optimizer in the job: calibration's default, Adam, with the Adam space, recorded in the manifest.
    assertEquals(io.seqbind.proto.v1.Optimizer.OPTIMIZER_ADAM, info.getTraining().getOptimizer());
    assertEquals(io.seqbind.trainer.calibration.SearchSpace.defaultFor(io.seqbind.core.model.Presets.byName("deepbind"),
            io.seqbind.trainer.engine.OptimizerKind.ADAM).parameters(),
        info.getTraining().getCalibration().getSearchSpaceList(), "the space used is recorded");
    assertFalse(info.getCalibration().getTrials(0).containsValues("momentum"));
    assertTrue(info.getTrainedOn().startsWith("Java"), info.getTrainedOn());
    List<JobPhase> phases = recorder.seen.stream().map(JobProgress::getPhase).distinct().toList();
    assertEquals(List.of(JobPhase.JOB_PHASE_PREPARING, JobPhase.JOB_PHASE_CALIBRATING, JobPhase.JOB_PHASE_TRAINING,
        JobPhase.JOB_PHASE_EVALUATING, JobPhase.JOB_PHASE_EXPORTING), phases);

    // Run again in the same work directory: the stored model is found, nothing trains again.
    Recorder again = new Recorder(JobPhase.JOB_PHASE_UNSPECIFIED);
    assertEquals(id, new TrainingJobRunner(store, weightsBytes).run(spec, dir.resolve("work"), again));
    assertTrue(again.seen.isEmpty());
  }

  @Test
  void theFinalModelEarlyStopsOnTheJobsTermsButNotBeforeTheCalibratedStep() {
    TrainConfig base = new TrainConfig(OptimizerKind.ADAM, 64, 5000, 200, 5, 1, 0,
        List.of(Hyperparameters.defaults(OptimizerKind.ADAM)));
    Hyperparameters chosen = Hyperparameters.defaults(OptimizerKind.ADAM).withLearningRate(0.01);
    // 600 calibrated steps: patience 5 x 200 already outlasts them; the job's terms stand.
    TrainConfig at600 = TrainingJobRunner.finalConfig(base, 600, chosen, 1);
    assertEquals(List.of(5000, 200, 5), List.of(at600.maxSteps(), at600.validateEvery(), at600.patience()));
    assertEquals(List.of(chosen), at600.hyper());
    // 1,400: the earliest stop (patience validations without improvement) must come at step 1,400 or later.
    TrainConfig at1400 = TrainingJobRunner.finalConfig(base, 1400, chosen, 1);
    assertEquals(7, at1400.patience());
    // 1,500 rounds up to 8 validations (1,600 steps); above max_steps, max_steps follows.
    assertEquals(8, TrainingJobRunner.finalConfig(base, 1500, chosen, 1).patience());
    TrainConfig at6000 = TrainingJobRunner.finalConfig(base, 6000, chosen, 3);
    assertEquals(List.of(6000, 30), List.of(at6000.maxSteps(), at6000.patience()));
    assertEquals(List.of(chosen, chosen, chosen), at6000.hyper(), "an ensemble: one copy of the setting per member");
  }

  @Test
  void anEnsembleIsItsMembersAveragedAndItsFirstMemberIsTheOneModelJob() throws Exception {
    Path train = seqFile("train.seq", 240, 5);
    Path test = seqFile("test.seq", 80, 6);
    JobSpec one = job(train, test, 0);
    JobSpec three = one.toBuilder().setModel(ModelName.newBuilder().setName("ctcf").setVersion("3"))
        .setTraining(one.getTraining().toBuilder().setEnsembleSize(Int32Value.of(3))).build();
    ModelStore store = new ModelStore(dir.resolve("store"));
    TrainingJobRunner runner = new TrainingJobRunner(store, weightsBytes);
    Recorder quiet = new Recorder(JobPhase.JOB_PHASE_UNSPECIFIED);
    ModelBundle single = store.get(runner.run(one, dir.resolve("work-1"), quiet));
    ModelBundle ensemble = store.get(runner.run(three, dir.resolve("work-3"), quiet));
    assertEquals(1, single.info().getTraining().getEnsembleSize().getValue());
    assertEquals(3, ensemble.info().getTraining().getEnsembleSize().getValue());

    io.seqbind.trainer.ops.JavaOps ops = new io.seqbind.trainer.ops.JavaOps();
    Network alone = ModelFile.load(single.onnxFile(), 64, ops, ops);
    Network members = ModelFile.load(ensemble.onnxFile(), 64, ops, ops);
    assertEquals(3, members.models());
    // Member 0 draws the one-model job's random streams and sees the same split: the same weights.
    alone.store().snapshot(0).forEach((name, w) -> assertArrayEquals(w, members.store().snapshot(0).get(name), name));
    assertFalse(java.util.Arrays.equals(members.store().snapshot(0).get("layer0.weight"),
        members.store().snapshot(1).get("layer0.weight")), "members start from their own weights");

    // The stored test AUC is that of the members' averaged logits, recomputed here from each member's scores.
    List<LabeledSequence> records = io.seqbind.trainer.data.TrainingData.load(new io.seqbind.trainer.data.DataSource(
        test, null, null, 101, io.seqbind.trainer.data.Negatives.AUTO, 1)).records(); // as the job reads it
    Batch batch = Batch.of(records);
    float[][] each = Predictor.predict(members, batch);
    double[] mean = new double[batch.n()];
    double[] labels = new double[batch.n()];
    for (int i = 0; i < batch.n(); i++) {
      mean[i] = (each[0][i] + each[1][i] + each[2][i]) / 3.0;
      labels[i] = batch.labels()[i];
    }
    assertEquals(io.seqbind.core.metrics.Metrics.rocAuc(labels, mean),
        ensemble.info().getTestMetrics().getOverall().getRocAuc().getValue(), 1e-9);
  }

  @Test
  void twoJobsOfOneNameCreatedInTheSameSecondAreBothStored() throws Exception {
    Path train = seqFile("train.seq", 120, 7);
    ModelStore store = new ModelStore(dir.resolve("store"));
    TrainingJobRunner runner = new TrainingJobRunner(store, weightsBytes);
    List<String> versions = new ArrayList<>();
    for (long seed : new long[] {1, 2}) {
      JobSpec spec = job(train, null, 0);
      spec = spec.toBuilder().setModel(ModelName.newBuilder().setName("ctcf")) // no version: the creation time
          .setTraining(spec.getTraining().toBuilder().setSeed(com.google.protobuf.UInt64Value.of(seed))).build();
      Path work = dir.resolve("work-" + seed);
      Files.createDirectories(work);
      Files.writeString(work.resolve("created"), "2026-11-24T19:01:33.250Z"); // both created in one second
      String id = runner.run(spec, work, new Recorder(JobPhase.JOB_PHASE_UNSPECIFIED));
      versions.add(store.get(id).info().getName().getVersion());
    }
    assertEquals(List.of("20261124-190133", "20261124-190133-2"), versions);
  }

  @Test
  void aJobStoppedMidwayResumesToTheSameModel() throws Exception {
    JobSpec spec = job(seqFile("train.seq", 240, 3), null, 2);
    String uninterrupted = new TrainingJobRunner(new ModelStore(dir.resolve("a")), weightsBytes)
        .run(spec, dir.resolve("work-a"), new Recorder(JobPhase.JOB_PHASE_UNSPECIFIED));

    TrainingJobRunner runner = new TrainingJobRunner(new ModelStore(dir.resolve("b")), weightsBytes);
    assertThrows(JobCancelledException.class,
        () -> runner.run(spec, dir.resolve("work-b"), new Recorder(JobPhase.JOB_PHASE_TRAINING)));
    assertTrue(Files.isRegularFile(dir.resolve("work-b/calibration/group-0.json")), "calibration was checkpointed");
    Recorder resumed = new Recorder(JobPhase.JOB_PHASE_UNSPECIFIED);
    assertEquals(uninterrupted, runner.run(spec, dir.resolve("work-b"), resumed));
    assertFalse(resumed.seen.stream().anyMatch(p -> p.getPhase() == JobPhase.JOB_PHASE_CALIBRATING && p.getStep() > 0),
        "calibration was read back, not rerun");
  }

  @Test
  void badJobsAreRefusedBeforeTrainingNamingTheProblem() throws Exception {
    TrainingJobRunner runner = new TrainingJobRunner(new ModelStore(dir.resolve("store")), weightsBytes);
    Path good = seqFile("train.seq", 60, 4);

    JobSpec unknownPreset = job(good, null, 0).toBuilder()
        .setArchitecture(ArchitectureSpec.newBuilder().setPreset("deepbound")).build();
    assertTrue(assertThrows(InvalidJobException.class, () -> runner.validate(unknownPreset)).getMessage()
        .startsWith("architecture: unknown preset 'deepbound'; known presets: "));

    // A GPU job on a server without one is refused at once (FAILED_PRECONDITION), not failed after queueing.
    JobSpec onGpu = job(good, null, 0).toBuilder().setTraining(job(good, null, 0).getTraining().toBuilder()
        .setDevice(ComputeDevice.COMPUTE_DEVICE_GPU)).build();
    if (io.seqbind.trainer.ops.aparapi.OpenCLDevices.probe().firstGpu() == null) {
      InvalidJobException noGpu = assertThrows(InvalidJobException.class, () -> runner.validate(onGpu));
      assertEquals(InvalidJobException.Kind.DEVICE_ABSENT, noGpu.kind());
      assertTrue(noGpu.getMessage().startsWith("training.device: device 'gpu' asked for, but there is no OpenCL GPU"),
          noGpu.getMessage());
    } else {
      runner.validate(onGpu); // a machine with a GPU takes the job
    }

    JobSpec noMembers = job(good, null, 0).toBuilder().setTraining(job(good, null, 0).getTraining().toBuilder()
        .setEnsembleSize(Int32Value.of(0))).build();
    assertEquals("training.ensemble_size must be 1..32, got 0",
        assertThrows(InvalidJobException.class, () -> runner.validate(noMembers)).getMessage());

    Path badChar = dir.resolve("bad.seq");
    Files.writeString(badChar, "FoldID\tEventID\tseq\tBound\nA\tr1\t" + "ACGT".repeat(12) + "AX\t1\n");
    InvalidJobException bad = assertThrows(InvalidJobException.class, () -> runner.validate(job(badChar, null, 0)));
    assertEquals(badChar.toString(), bad.file());
    assertEquals(2, bad.line());
    assertTrue(bad.getMessage().contains("'X'"), bad.getMessage());

    Path label = dir.resolve("label.seq");
    Files.writeString(label, "FoldID\tEventID\tseq\tBound\nA\tr1\t" + "ACGT".repeat(13) + "\tyes\n");
    InvalidJobException notNumeric = assertThrows(InvalidJobException.class, () -> runner.validate(job(label, null, 0)));
    assertEquals(2, notNumeric.line());

    Path shortSeqs = dir.resolve("short.seq");
    Files.writeString(shortSeqs, "FoldID\tEventID\tseq\tBound\nA\tr1\tACGTACGTAC\t1\nA\tr2\tACGTACGTAA\t0\n");
    assertTrue(assertThrows(InvalidJobException.class, () -> runner.validate(job(shortSeqs, null, 0))).getMessage()
        .endsWith("sequences of 10 bp are shorter than the 24 bp receptive field of deepbind"));

    Path oneClass = dir.resolve("one.seq");
    Files.writeString(oneClass, "FoldID\tEventID\tseq\tBound\nA\tr1\t" + "ACGT".repeat(13) + "\t0\n");
    assertTrue(assertThrows(InvalidJobException.class, () -> runner.validate(job(oneClass, null, 0))).getMessage()
        .contains("positive"));

    Path absent = dir.resolve("nope.seq");
    InvalidJobException missing = assertThrows(InvalidJobException.class, () -> runner.validate(job(absent, null, 0)));
    assertEquals(InvalidJobException.Kind.MISSING_FILE, missing.kind(), "a missing file is NOT_FOUND, not a wrong one");
    assertEquals(absent.toString(), missing.file());
    assertTrue(missing.getMessage().startsWith(absent + ": no such file"), missing.getMessage());
    InvalidJobException missingTest = assertThrows(InvalidJobException.class,
        () -> runner.validate(job(good, dir.resolve("no-test.seq"), 0)));
    assertEquals(InvalidJobException.Kind.MISSING_FILE, missingTest.kind());
    assertTrue(missingTest.getMessage().contains("the test data"), missingTest.getMessage());

    JobSpec wrongFormat = job(good, null, 0).toBuilder().setDataset(Dataset.newBuilder().setTrain(DatasetSource
        .newBuilder().setFormat(DatasetFormat.DATASET_FORMAT_BED_GENOME).setUri(good.toString()))).build();
    assertTrue(assertThrows(InvalidJobException.class, () -> runner.validate(wrongFormat)).getMessage()
        .contains("does not fit DATASET_FORMAT_BED_GENOME"));
  }

  @Test
  void whatWouldFailLaterIsRefusedAtSubmit() throws Exception {
    TrainingJobRunner runner = new TrainingJobRunner(new ModelStore(dir.resolve("store")), weightsBytes);
    Path good = seqFile("train.seq", 60, 4);
    for (double rate : new double[] {-1, 0, Double.NaN, Double.POSITIVE_INFINITY}) {
      JobSpec job = job(good, null, 0).toBuilder().setTraining(job(good, null, 0).getTraining().toBuilder()
          .setLearningRate(com.google.protobuf.DoubleValue.of(rate))).build();
      assertEquals("training.learning_rate must be a finite number > 0, got " + rate,
          assertThrows(InvalidJobException.class, () -> runner.validate(job)).getMessage());
    }
    JobSpec nanDecay = job(good, null, 0).toBuilder().setTraining(job(good, null, 0).getTraining().toBuilder()
        .setL2WeightDecay(com.google.protobuf.DoubleValue.of(Double.NaN))).build();
    assertTrue(assertThrows(InvalidJobException.class, () -> runner.validate(nanDecay)).getMessage()
        .startsWith("training.l1_weight_decay, l2_weight_decay, weight_decay_start_step and gradient_clip_norm must be"
            + " finite numbers >= 0, got 0.0, NaN"));

    // Mixed lengths used to fail with INTERNAL in the first batch, after queueing.
    Path mixed = dir.resolve("mixed.seq");
    Files.writeString(mixed, "FoldID\tEventID\tseq\tBound\nA\tr1\t" + "ACGT".repeat(13) + "\t1\nA\tr2\t"
        + "ACGT".repeat(14) + "\t0\n");
    assertEquals("training data: " + mixed + ": record 2 'r2' has 56 bases where the first, 'r1', has 52; expected one"
        + " length for every sequence (fixed-width windows)",
        assertThrows(InvalidJobException.class, () -> runner.validate(job(mixed, null, 0))).getMessage());

    // A binary model's test labels outside {0, 1} used to fail after the whole training.
    Path test = dir.resolve("test.seq");
    Files.writeString(test, "FoldID\tEventID\tseq\tBound\nA\tt1\t" + "ACGT".repeat(13) + "\t2.5\nA\tt2\t"
        + "ACGT".repeat(13) + "\t0\n");
    assertEquals(test + ": test labels other than 0 and 1 for a binary model; expected 0, 1 or a missing value, as in"
        + " the training data",
        assertThrows(InvalidJobException.class, () -> runner.validate(job(good, test, 0))).getMessage());

    // A spec asking for 3 tasks used to train 1 without a word.
    JobSpec threeTasks = job(good, null, 0).toBuilder().setArchitecture(ArchitectureSpec.newBuilder()
        .addAllLayers(io.seqbind.core.model.SpecProtos.toProto(io.seqbind.core.model.Presets.byName("deepbind"))
            .getLayersList())
        .setHead(io.seqbind.proto.v1.OutputHead.newBuilder().setTaskCount(3)
            .setTaskType(io.seqbind.proto.v1.TaskType.TASK_TYPE_BINARY))).build();
    assertEquals("architecture.head.task_count is 3 but the training data has 1 label column; expected the same"
        + " number (or 0 to take it from the data)",
        assertThrows(InvalidJobException.class, () -> runner.validate(threeTasks)).getMessage());
  }
}
