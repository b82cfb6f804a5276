package io.seqbind.cli;

import com.google.protobuf.DoubleValue;
import com.google.protobuf.Int32Value;
import com.google.protobuf.Int64Value;
import com.google.protobuf.UInt64Value;
import io.seqbind.core.bundle.ModelBundle;
import io.seqbind.core.bundle.ModelStore;
import io.seqbind.core.metrics.MetricsProtos;
import io.seqbind.core.model.ModelSpec;
import io.seqbind.core.model.Presets;
import io.seqbind.core.model.SpecJson;
import io.seqbind.core.model.SpecProtos;
import io.seqbind.proto.v1.ArchitectureSpec;
import io.seqbind.proto.v1.CalibrationConfig;
import io.seqbind.proto.v1.ComputeDevice;
import io.seqbind.proto.v1.Dataset;
import io.seqbind.proto.v1.GetModelRequest;
import io.seqbind.proto.v1.JobSpec;
import io.seqbind.proto.v1.ModelInfo;
import io.seqbind.proto.v1.ModelName;
import io.seqbind.proto.v1.ModelRef;
import io.seqbind.proto.v1.NegativeMode;
import io.seqbind.proto.v1.NegativesConfig;
import io.seqbind.proto.v1.Optimizer;
import io.seqbind.proto.v1.TrainingConfig;
import io.seqbind.trainer.calibration.SearchSpace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code seqbind train}: a training job submitted to the trainer service (in-process or remote), watched to
 * the end; the model lands in the service's store as an ONNX bundle and, locally, is copied to --out.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train a CNN of protein-DNA binding (DeepBind, Zeng et al. or Basset architectures) as a trainer-service job: "
          + "optionally calibrate it (DeepBind's random search x k-fold CV), train the final model, test it, and "
          + "store it as a bundle (model.onnx + manifest.json). Prints progress, then the model's id and metrics.",
      "Input: a DeepBind .seq[.gz] table; a FASTA with --labels (or alone: positives); or BED/narrowPeak peaks "
          + "with --genome (windows of --window bp centred on summits)."
    })
final class TrainCommand implements Callable<Integer> {

  @Mixin DataOptions data;
  @Mixin ServiceOptions services;

  @Option(names = "--window", description = "Window width in bp for peak input (default: 101).")
  Integer window;

  @Option(names = "--test", description = "Test set (same formats as --input) scored after training.")
  Path test;

  @Option(names = "--test-labels", description = "Labels table for a FASTA --test.")
  Path testLabels;

  @Option(names = "--arch", defaultValue = "deepbind",
      description = "Architecture preset (default: ${DEFAULT-VALUE}); one of: ${COMPLETION-CANDIDATES}.",
      completionCandidates = PresetNames.class)
  String arch;

  @Option(names = "--spec", description = "Architecture JSON file (instead of --arch): a seqbind spec, or a model"
      + " bundle's manifest.json to train its architecture again.")
  Path spec;

  @Option(names = "--name", description = "Model name in the store (default: the architecture's).")
  String name;

  @Option(names = "--model-version", description = "Model version (default: the job's creation time).")
  String version;

  @Option(names = "--device", defaultValue = "auto",
      description = "auto, gpu, opencl or java (default: ${DEFAULT-VALUE}). Asking for OpenCL that cannot run is an error.")
  String device;

  @Option(names = "--optimizer",
      description = "adam, sgd_nesterov or adadelta (default: adam, for calibration too).")
  String optimizer;

  @Option(names = "--learning-rate", description = "Step size (default: 0.003 for adam).")
  Double learningRate;

  @Option(names = "--batch-size", description = "Examples per step (default: 64).")
  Integer batchSize;

  @Option(names = "--max-steps", description = "Most training steps (default: 5000).")
  Long maxSteps;

  @Option(names = "--validate-every", description = "Steps between validations (default: 100).")
  Long validateEvery;

  @Option(names = "--patience", description = "Validations without improvement before stopping early (default: 5).")
  Integer patience;

  @Option(names = "--validation-fraction", description = "Share of the data held out for validation (default: 0.1).")
  Double validationFraction;

  @Option(names = "--l1", description = "L1 weight decay (default: 0).")
  Double l1;

  @Option(names = "--l2", description = "L2 weight decay (default: 0).")
  Double l2;

  @Option(names = "--decay-start", description = "Step from which weight decay applies, as DeepBind starts it late.")
  Long decayStart;

  @Option(names = "--dropout", description = "Rate of every dropout layer (default: the architecture's).")
  Double dropout;

  @Option(names = "--clip-norm", description = "Largest global gradient norm (default: no clipping).")
  Double clipNorm;

  @Option(names = "--calibrate", defaultValue = "0", paramLabel = "N",
      description = "Calibrate: sample N settings from the search space (DeepBind used 30), train each on every fold "
          + "and train the final model with the best (default: ${DEFAULT-VALUE}, no calibration).")
  int calibrate;

  @Option(names = "--folds", paramLabel = "K", description = "Folds of the calibration's cross-validation (default: 3).")
  Integer folds;

  @Option(names = "--calibration-steps", description = "Training steps per setting and fold (default: 600).")
  Long calibrationSteps;

  @Option(names = "--ensemble", paramLabel = "N",
      description = "Train N final models side by side, each from its own random streams, and store their average "
          + "as the model (default: 5 with --calibrate, else 1).")
  Integer ensemble;

  @Option(names = "--search-space", description = "Search space JSON (as printed in --help) instead of the default.")
  Path searchSpace;

  @Option(names = "--out", description = "Directory to copy the model bundle into (must not exist or be empty; "
      + "in-process services only).")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (out != null) {
      OutputDirs.requireFresh(out, "--out"); // before minutes of training, not after
    }
    JobSpec job = jobSpec();
    try (Services s = services.connect()) {
      if (out != null && !s.isLocal()) {
        throw new IllegalArgumentException("--out needs the in-process services; with --endpoint the model stays in "
            + "the service's store (its id is printed)");
      }
      String modelId = new JobClient(s, System.out).submitAndWait(job, s.isLocal() ? null : data, testUploads());
      ModelInfo info = s.trainer().getModel(GetModelRequest.newBuilder()
          .setModel(ModelRef.newBuilder().setId(modelId)).build()).getModel();
      System.out.printf("model: %s %s:%s%n", info.getId(), info.getName().getName(), info.getName().getVersion());
      System.out.println("device: " + info.getTrainedOn());
      info.getTrainingData().getNotesList().forEach(note -> System.out.println("data: " + note));
      if (info.hasCalibration()) {
        System.out.printf("calibration: %d settings x %d folds, best setting %d%n", info.getCalibration().getTrialsCount(),
            info.getCalibration().getFolds(), info.getCalibration().getBestIndex());
      }
      int members = info.getTraining().hasEnsembleSize() ? info.getTraining().getEnsembleSize().getValue() : 1;
      System.out.println("validation: " + MetricsProtos.line(info.getValidationMetrics()) + " steps=" + info.getSteps()
          + (members > 1 ? " ensemble=" + members : ""));
      if (info.hasTestMetrics()) {
        System.out.println("test: " + MetricsProtos.line(info.getTestMetrics()));
      }
      if (out != null) {
        ModelStore store = s.store();
        ModelBundle bundle = store.get(ModelRef.newBuilder().setId(modelId).build());
        ModelBundle.write(out, Files.readAllBytes(bundle.onnxFile()), bundle.info());
        System.out.println("bundle: " + out);
      }
    }
    return 0;
  }

  private JobSpec jobSpec() throws Exception {
    JobSpec.Builder job = JobSpec.newBuilder();
    String defaultName;
    if (spec != null) {
      ModelSpec modelSpec = SpecJson.read(spec);
      job.setArchitecture(SpecProtos.toProto(modelSpec));
      defaultName = modelSpec.name();
    } else {
      Presets.byName(arch); // an unknown preset fails before anything is read
      job.setArchitecture(ArchitectureSpec.newBuilder().setPreset(arch));
      defaultName = arch;
    }
    ModelName.Builder model = ModelName.newBuilder().setName(name != null ? name : defaultName);
    if (version != null) {
      model.setVersion(version);
    }
    job.setModel(model);
    Dataset.Builder dataset = Dataset.newBuilder().setTrain(DatasetSources.of(data.input, data.labels, data.genome, window));
    if (test != null) {
      dataset.setTest(DatasetSources.of(test, testLabels, data.genome, window));
    }
    job.setDataset(dataset);
    job.setTraining(training());
    return job.build();
  }

  private TrainingConfig training() throws Exception {
    TrainingConfig.Builder t = TrainingConfig.newBuilder()
        .setSeed(UInt64Value.of(data.seed))
        .setDevice(Choices.parse("--device", device, ComputeDevice.class, "COMPUTE_DEVICE_"))
        .setNegatives(NegativesConfig.newBuilder().setMode(switch (data.negatives) {
          case AUTO -> NegativeMode.NEGATIVE_MODE_UNSPECIFIED;
          case SHUFFLE -> NegativeMode.NEGATIVE_MODE_DINUCLEOTIDE_SHUFFLE;
          case NONE -> NegativeMode.NEGATIVE_MODE_NONE;
        }));
    if (optimizer != null) {
      t.setOptimizer(Choices.parse("--optimizer", optimizer, Optimizer.class, "OPTIMIZER_"));
    }
    if (learningRate != null) {
      t.setLearningRate(DoubleValue.of(learningRate));
    }
    if (batchSize != null) {
      t.setBatchSize(Int32Value.of(batchSize));
    }
    if (maxSteps != null) {
      t.setMaxSteps(Int64Value.of(maxSteps));
    }
    if (validateEvery != null) {
      t.setValidationIntervalSteps(Int64Value.of(validateEvery));
    }
    if (patience != null) {
      t.setEarlyStoppingPatience(Int32Value.of(patience));
    }
    if (validationFraction != null) {
      t.setValidationFraction(DoubleValue.of(validationFraction));
    }
    if (l1 != null) {
      t.setL1WeightDecay(DoubleValue.of(l1));
    }
    if (l2 != null) {
      t.setL2WeightDecay(DoubleValue.of(l2));
    }
    if (decayStart != null) {
      t.setWeightDecayStartStep(Int64Value.of(decayStart));
    }
    if (dropout != null) {
      if (!(dropout >= 0 && dropout < 1)) {
        throw new IllegalArgumentException("--dropout must be in [0, 1), got " + dropout);
      }
      t.setDropoutRate(DoubleValue.of(dropout));
    }
    if (clipNorm != null) {
      t.setGradientClipNorm(DoubleValue.of(clipNorm));
    }
    if (ensemble != null) {
      t.setEnsembleSize(Int32Value.of(ensemble));
    }
    if (calibrate < 0) {
      throw new IllegalArgumentException("--calibrate must be >= 0, got " + calibrate);
    }
    if (calibrate > 0) {
      CalibrationConfig.Builder c = CalibrationConfig.newBuilder().setSettings(calibrate);
      if (folds != null) {
        c.setFolds(Int32Value.of(folds));
      }
      if (calibrationSteps != null) {
        c.setStepsPerSetting(Int64Value.of(calibrationSteps));
      }
      if (searchSpace != null) {
        c.addAllSearchSpace(SearchSpace.fromJson(Files.readString(searchSpace), searchSpace.toString()).parameters());
      }
      t.setCalibration(c);
    } else if (folds != null || calibrationSteps != null || searchSpace != null) {
      throw new IllegalArgumentException("--folds, --calibration-steps and --search-space need --calibrate N");
    }
    return t.build();
  }

  private DataOptions testUploads() {
    if (test == null) {
      return null;
    }
    DataOptions t = new DataOptions();
    t.input = test;
    t.labels = testLabels;
    return t;
  }


  /** The end of {@code --help}: the default search space, as data that --search-space accepts. */
  static String helpFooter() {
    String nl = System.lineSeparator();
    return nl + "Default calibration search space of the deepbind preset (other presets leave" + nl
        + "out what they lack; --search-space takes this format):" + nl
        + SearchSpace.defaultFor(Presets.byName("deepbind")).toJson() + nl;
  }

  /** The preset names for {@code --help}. */
  static final class PresetNames implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return Presets.names().iterator();
    }
  }
}
