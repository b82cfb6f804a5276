package io.seqbind.trainer.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.seqbind.core.bundle.ModelStore;
import io.seqbind.core.io.AtomicFiles;
import io.seqbind.core.io.InputFormatException;
import io.seqbind.core.metrics.MetricsProtos;
import io.seqbind.core.model.ModelSpec;
import io.seqbind.core.model.OutputHead;
import io.seqbind.core.model.TaskType;
import io.seqbind.core.seq.LabeledSequence;
import io.seqbind.core.split.FractionSplit;
import io.seqbind.core.split.TrainValidationTest;
import io.seqbind.proto.v1.JobPhase;
import io.seqbind.proto.v1.JobSpec;
import io.seqbind.proto.v1.ModelInfo;
import io.seqbind.trainer.calibration.Calibration;
import io.seqbind.trainer.calibration.Setting;
import io.seqbind.trainer.calibration.Trial;
import io.seqbind.trainer.data.DataSource;
import io.seqbind.trainer.data.Dataset;
import io.seqbind.trainer.data.TrainingData;
import io.seqbind.trainer.engine.Batch;
import io.seqbind.trainer.engine.Hyperparameters;
import io.seqbind.trainer.engine.ModelFile;
import io.seqbind.trainer.engine.Network;
import io.seqbind.trainer.engine.Predictor;
import io.seqbind.trainer.engine.TrainConfig;
import io.seqbind.trainer.engine.TrainResult;
import io.seqbind.trainer.engine.Trainer;
import io.seqbind.trainer.engine.Validation;
import io.seqbind.trainer.export.OnnxExport;
import io.seqbind.trainer.ops.AparapiOps;
import io.seqbind.trainer.ops.DeviceChoice;
import io.seqbind.trainer.ops.aparapi.OpenCLDevices;
import io.seqbind.trainer.training.TrainOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The training work of a job: read and check the data, calibrate (when asked), train the final model,
 * evaluate it on the test data, export it to ONNX and add the bundle to the store.
 *
 * <p>Checkpoints in the work directory make a rerun resume: finished calibration groups, the final model's
 * weights and outcome, and the stored model's id. Each stage is seeded from the job's seed alone, so a
 * resumed job ends with the same model as an uninterrupted one.
 */
public final class TrainingJobRunner implements JobRunner {

  /**
   * Built on first use: a CLI command that only scores starts the trainer's service too, and Jackson's set-up was
   * 0.05-0.15 s of that start.
   */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  private final ModelStore store;
  private final ModelExporter exporter;

  /** Exports models as ONNX (the service's and the CLI's runner). */
  public TrainingJobRunner(ModelStore store) {
    this(store, OnnxExport::export);
  }

  public TrainingJobRunner(ModelStore store, ModelExporter exporter) {
    this.store = store;
    this.exporter = exporter;
  }

  /** What a job trains on, read and checked: its plan, the architecture sized to the data, and the data. */
  record Prepared(JobPlan plan, ModelSpec spec, Dataset train, Dataset test) {
    TrainOptions options() {
      return plan.options();
    }

    DataSource trainSource() {
      return plan.train();
    }

    DataSource testSource() {
      return plan.test();
    }
  }

  @Override
  public void validate(JobSpec spec) throws InvalidJobException {
    prepare(spec);
  }

  /** The spec read once ({@link JobSpecs#plan}), then the data loaded and checked against it. */
  private static Prepared prepare(JobSpec job) throws InvalidJobException {
    JobPlan plan = JobSpecs.plan(job);
    TrainOptions options = plan.options();
    if (options.device() == DeviceChoice.GPU || options.device() == DeviceChoice.OPENCL) {
      String absent = AparapiOps.whyAbsent(options.device(), OpenCLDevices.probe());
      if (absent != null) {
        throw new InvalidJobException(InvalidJobException.Kind.DEVICE_ABSENT, "training.device: " + absent, "", 0,
            null);
      }
    }
    DataSource trainSource = plan.train();
    DataSource testSource = plan.test();
    Dataset train = load(trainSource, "training");
    List<String> names = plan.taskNames().isEmpty() ? train.taskNames() : plan.taskNames();
    if (names.size() != train.taskNames().size()) {
      throw new InvalidJobException("dataset.task_names has " + names.size() + " names but the training data has "
          + train.taskNames().size() + " label columns " + train.taskNames());
    }
    int headTasks = plan.headTasks();
    if (headTasks > 0 && headTasks != names.size()) {
      throw new InvalidJobException("architecture.head.task_count is " + headTasks + " but the training data has "
          + names.size() + " label column" + (names.size() == 1 ? "" : "s") + "; expected the same number (or 0 to"
          + " take it from the data)");
    }
    ModelSpec spec = plan.architecture().withHead(new OutputHead(names.size(), train.type()));
    if (train.length() < spec.minimumLength()) {
      throw new InvalidJobException(trainSource.input() + ": sequences of " + train.length() + " bp are shorter than the "
          + spec.minimumLength() + " bp receptive field of " + spec.name(), trainSource.input().toString(), 0, null);
    }
    Dataset test = null;
    if (testSource != null) {
      test = load(testSource, "test");
      if (test.taskNames().size() != train.taskNames().size()) {
        throw new InvalidJobException(testSource.input() + ": " + test.taskNames().size() + " label columns, the training"
            + " data has " + train.taskNames().size(), testSource.input().toString(), 0, null);
      }
      if (train.type() == TaskType.BINARY && test.type() != TaskType.BINARY) {
        throw new InvalidJobException(testSource.input() + ": test labels other than 0 and 1 for a binary model; expected"
            + " 0, 1 or a missing value, as in the training data", testSource.input().toString(), 0, null);
      }
      if (test.length() < spec.minimumLength() || (spec.fixesLength() && test.length() != train.length())) {
        throw new InvalidJobException(testSource.input() + ": test sequences of " + test.length() + " bp cannot be "
            + "scored by a model trained on " + train.length() + " bp", testSource.input().toString(), 0, null);
      }
    }
    Dataset named = new Dataset(names, train.type(), train.records(), train.notes(), train.sha256(), train.bytes());
    return new Prepared(plan, spec, named, test);
  }

  private static Dataset load(DataSource source, String role) throws InvalidJobException {
    for (Path file : java.util.Arrays.asList(source.input(), source.labels(), source.genome())) {
      if (file != null && !Files.exists(file)) {
        throw new InvalidJobException(InvalidJobException.Kind.MISSING_FILE, file + ": no such file (the " + role
            + " data, as the server sees it)", file.toString(), 0, null);
      }
    }
    DataBudget.check(source, role, Runtime.getRuntime().maxMemory());
    try {
      return TrainingData.load(source);
    } catch (InputFormatException e) {
      throw new InvalidJobException(e.getMessage(), e.file(), e.line(), e);
    } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
      throw new InvalidJobException(role + " data: " + e.getMessage(), source.input().toString(), 0, e);
    }
  }

  @Override
  public String run(JobSpec job, Path workDir, JobContext context) throws Exception {
    Files.createDirectories(workDir);
    Path idFile = workDir.resolve("model-id");
    if (Files.isRegularFile(idFile)) {
      return Files.readString(idFile).trim();
    }
    Instant created = firstRun(workDir);
    Progress progress = new Progress(context);
    progress.phase(JobPhase.JOB_PHASE_PREPARING, 0, "reading and checking the data");
    Prepared p = prepare(job);
    try (AparapiOps ops = AparapiOps.create(p.options().device())) {
      TrainConfig base = p.options().trainConfig();
      Calibration.Result calibration = null;
      ModelSpec spec = p.spec();
      TrainConfig finalConfig = base.withHyper(Collections.nCopies(p.options().ensembleSize(), base.hyper().get(0)));
      if (p.plan().calibration() != null) {
        calibration = calibrate(p, base, ops, workDir, progress);
        Trial best = calibration.best();
        spec = best.setting().architecture(p.spec());
        finalConfig = finalConfig(base, best.bestStep(),
            best.setting().hyperparameters(spec, base.optimizer(), base.hyper().get(0)), p.options().ensembleSize());
      }
      Final trained = trainFinal(spec, finalConfig, p, calibration != null, ops, workDir, progress);
      progress.phase(JobPhase.JOB_PHASE_EVALUATING, 0.9, "scoring the test data");
      io.seqbind.proto.v1.Metrics testMetrics = p.test() == null ? null : evaluate(trained.network(), p);
      progress.phase(JobPhase.JOB_PHASE_EXPORTING, 0.95, "writing model.onnx and the manifest");
      ModelInfo info = ModelManifest.of(job, p, spec, finalConfig, calibration, trained, testMetrics, created);
      byte[] onnx = exporter.export(trained.network(), info.getName().getName());
      // A version the job named is checked free when the job is submitted; the default (the creation time to the
      // second) can be taken by a job of the same name created in the same second, so it gets a suffix then.
      String id = (job.getModel().getVersion().isEmpty() ? store.addUnderFreeVersion(onnx, info)
          : store.add(onnx, info)).id();
      AtomicFiles.writeText(idFile, out -> out.write(id + "\n"));
      return id;
    } catch (Progress.Cancelled e) {
      throw new JobCancelledException();
    }
  }

  private static Instant firstRun(Path workDir) throws IOException {
    Path file = workDir.resolve("created");
    if (!Files.isRegularFile(file)) {
      String now = Instant.now().toString();
      AtomicFiles.writeText(file, out -> out.write(now));
    }
    return Instant.parse(Files.readString(file).trim());
  }

  private static Calibration.Result calibrate(Prepared p, TrainConfig base, AparapiOps ops, Path workDir,
      Progress progress) throws Exception {
    JobPlan.Calibration c = p.plan().calibration();
    int settings = c.settings();
    int folds = c.folds();
    int steps = c.steps();
    List<Setting> sampled = c.space(p.spec(), p.options()).sample(settings, p.options().seed());
    int every = Math.max(1, Math.min(p.options().validateEvery(), steps));
    Calibration.Plan plan = new Calibration.Plan(base, folds, steps, every, p.options().seed());
    progress.phase(JobPhase.JOB_PHASE_CALIBRATING, 0.02, settings + " settings x " + folds + " folds");
    return new Calibration(p.spec(), plan, ops, ops).run(p.train().records(), sampled, workDir.resolve("calibration"),
        (group, groups, inGroup, step, total, metric) -> progress.calibrating(group, groups, inGroup, settings, folds,
            step, total, metric));
  }

  /**
   * How the chosen setting trains the final models ({@code members} copies of it, the ensemble): like an
   * uncalibrated job (early stopping on the job's validation split, its max_steps, validation interval and
   * patience), but never stopping before the step at which calibration rated the setting best. The engine stops a
   * model after {@code patience} validations without improvement, so a patience of at least
   * {@code ceil(minSteps / every)} validations keeps it running to {@code minSteps} at least; max_steps is raised
   * to {@code minSteps} when it is lower.
   */
  static TrainConfig finalConfig(TrainConfig base, int minSteps, Hyperparameters chosen, int members) {
    int every = base.validateEvery();
    int patience = Math.max(base.patience(), (minSteps + every - 1) / every);
    return new TrainConfig(base.optimizer(), base.batchSize(), Math.max(base.maxSteps(), minSteps), every, patience,
        base.seed(), base.clipNorm(), Collections.nCopies(members, chosen));
  }

  /**
   * The final models (one, or the members of an ensemble) and how their training went (read back from the
   * checkpoint on a resumed job); the validation metric is the ensemble's, of the averaged scores.
   */
  record Final(Network network, int steps, double validationMetric, String device, int trainSize,
      int validationSize) {}

  private static Final trainFinal(ModelSpec spec, TrainConfig config, Prepared p, boolean calibrated, AparapiOps ops,
      Path workDir, Progress progress) throws IOException {
    Path weights = workDir.resolve("final").resolve("weights.bin");
    Path outcome = workDir.resolve("final").resolve("outcome.json");
    if (Files.isRegularFile(weights) && Files.isRegularFile(outcome)) {
      ObjectNode o = (ObjectNode) Json.MAPPER.readTree(outcome.toFile());
      return new Final(ModelFile.load(weights, 256, ops, ops), o.get("steps").asInt(),
          o.get("validationMetric").asDouble(), o.get("device").asText(), o.get("trainSize").asInt(),
          o.get("validationSize").asInt());
    }
    int members = config.models();
    progress.phase(JobPhase.JOB_PHASE_TRAINING, calibrated ? 0.8 : 0.02,
        members == 1 ? "training the final model" : "training the final ensemble of " + members + " models");
    // Calibrated or not, each final model early-stops on the job's validation split (for a calibrated job from
    // the calibrated step on, see finalConfig) and keeps its best validation checkpoint. The members see the same
    // split; they differ by their random streams (Initializer, Trainer), member 0 being the model a
    // one-member job trains.
    List<LabeledSequence> records = p.train().records();
    TrainValidationTest split = FractionSplit.split(records.size(), 1 - p.options().validationFraction(),
        p.options().validationFraction(), 0, p.options().seed());
    Batch train = Batch.of(pick(records, split.train()));
    Batch validation = Batch.of(pick(records, split.validation()));
    double from = calibrated ? 0.8 : 0.02;
    TrainResult result = new Trainer(spec, config, ops, ops).train(train, validation,
        (step, loss, metric, active) -> progress.training(step, config.maxSteps(), loss, metric, active, from, 0.9));
    double metric = members == 1 ? result.bestMetric()[0] : new Validation(spec.head().type())
        .metric(validation, Predictor.mean(result.network().reshaped(validation.length(), 256), validation));
    Final done = new Final(result.network(), result.steps(), metric, ops.ranOn(), train.n(), validation.n());
    ModelFile.save(weights, result.network());
    ObjectNode o = Json.MAPPER.createObjectNode().put("steps", done.steps())
        .put("validationMetric", done.validationMetric()).put("device", done.device())
        .put("trainSize", done.trainSize()).put("validationSize", done.validationSize());
    AtomicFiles.writeText(outcome, out -> out.write(o.toString()));
    return done;
  }

  private static List<LabeledSequence> pick(List<LabeledSequence> records, int[] rows) {
    List<LabeledSequence> out = new ArrayList<>(rows.length);
    for (int row : rows) {
      out.add(records.get(row));
    }
    return out;
  }

  private static io.seqbind.proto.v1.Metrics evaluate(Network network, Prepared p) {
    Batch test = Batch.of(p.test().records());
    float[] scores = Predictor.mean(network.reshaped(test.length(), Math.min(256, test.n())), test);
    return MetricsProtos.of(p.spec().head().type(), p.train().taskNames(), test.labels(), scores);
  }
}
