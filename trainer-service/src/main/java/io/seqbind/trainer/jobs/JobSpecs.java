package io.seqbind.trainer.jobs;

import io.seqbind.core.io.Quoted;
import io.seqbind.core.model.InvalidSpecException;
import io.seqbind.core.model.ModelSpec;
import io.seqbind.core.model.Presets;
import io.seqbind.core.model.SpecProtos;
import io.seqbind.proto.v1.ArchitectureSpec;
import io.seqbind.proto.v1.DatasetSource;
import io.seqbind.proto.v1.JobSpec;
import io.seqbind.proto.v1.TrainingConfig;
import io.seqbind.trainer.calibration.SearchSpace;
import io.seqbind.trainer.data.DataSource;
import io.seqbind.trainer.data.Negatives;
import io.seqbind.trainer.engine.OptimizerKind;
import io.seqbind.trainer.ops.DeviceChoice;
import io.seqbind.trainer.training.TrainOptions;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Reads a contract {@link JobSpec} into the engine's terms, with every unset value resolved to seqbind's
 * default (the same defaults as {@code seqbind train}'s options): Adam, learning rate 0.003, batch 64, at most
 * 5000 steps validated every 100 with patience 5 on a 10% split, seed 1, device auto. Calibration defaults:
 * 3 folds, 600 steps per setting and fold, held-out checkpoints every 200 steps, and Adam with the Adam search
 * space ({@link SearchSpace#defaultFor(ModelSpec, OptimizerKind)}), and a final ensemble of
 * {@link #DEFAULT_CALIBRATED_ENSEMBLE} models (one without calibration). DeepBind's own recipe (SGD with Nesterov
 * momentum and DeepBind's space) is {@code optimizer: OPTIMIZER_SGD_NESTEROV}; on ELK1 it reached a held-out
 * AUC of 0.77 in 400 steps against Adam's 0.81 (bench/README.md, calibrate_bench.sh).
 */
public final class JobSpecs {

  public static final int DEFAULT_FOLDS = 3;
  public static final int DEFAULT_CALIBRATION_STEPS = 600;
  public static final int DEFAULT_CALIBRATION_VALIDATION_INTERVAL = 200;
  public static final OptimizerKind DEFAULT_CALIBRATION_OPTIMIZER = OptimizerKind.ADAM;
  public static final int DEFAULT_CALIBRATED_ENSEMBLE = 5;

  private JobSpecs() {}

  public static DataSource trainSource(JobSpec spec) throws InvalidJobException {
    if (!spec.getDataset().hasTrain()) {
      throw new InvalidJobException("dataset.train is required");
    }
    return source(spec.getDataset().getTrain(), "dataset.train", spec);
  }

  /** The test data, or null when the job has none. */
  public static DataSource testSource(JobSpec spec) throws InvalidJobException {
    return spec.getDataset().hasTest() ? source(spec.getDataset().getTest(), "dataset.test", spec) : null;
  }

  private static DataSource source(DatasetSource s, String field, JobSpec spec) throws InvalidJobException {
    Path main = path(s.getUri(), field + ".uri");
    Path labels = s.getLabelsUri().isEmpty() ? null : path(s.getLabelsUri(), field + ".labels_uri");
    Path genome = s.getGenomeUri().isEmpty() ? null : path(s.getGenomeUri(), field + ".genome_uri");
    int window = s.hasWindowLength() ? s.getWindowLength().getValue() : DataSource.DEFAULT_WINDOW;
    DataSource source;
    try {
      source = new DataSource(main, labels, genome, window, negatives(spec.getTraining()), seed(spec.getTraining()));
    } catch (IllegalArgumentException e) {
      throw new InvalidJobException(field + ": " + e.getMessage());
    }
    DataSource.Format expected = switch (s.getFormat()) {
      case DATASET_FORMAT_DEEPBIND_SEQ -> DataSource.Format.SEQ_TABLE;
      case DATASET_FORMAT_FASTA_LABELS -> DataSource.Format.FASTA;
      case DATASET_FORMAT_BED_GENOME -> DataSource.Format.PEAKS;
      default -> throw new InvalidJobException(field + ".format must be set (DATASET_FORMAT_DEEPBIND_SEQ, "
          + "DATASET_FORMAT_FASTA_LABELS or DATASET_FORMAT_BED_GENOME)");
    };
    if (source.format() != expected) {
      throw new InvalidJobException(field + ".uri " + main + ": the name does not fit " + s.getFormat()
          + " (expected .seq[.gz] for DEEPBIND_SEQ, .bed/.narrowPeak[.gz] for BED_GENOME, FASTA otherwise)");
    }
    if (labels != null && expected != DataSource.Format.FASTA) {
      throw new InvalidJobException(field + ".labels_uri is only for DATASET_FORMAT_FASTA_LABELS");
    }
    if (expected == DataSource.Format.PEAKS && genome == null) {
      throw new InvalidJobException(field + ".genome_uri is required for DATASET_FORMAT_BED_GENOME");
    }
    if (genome != null && expected != DataSource.Format.PEAKS) {
      throw new InvalidJobException(field + ".genome_uri is only for DATASET_FORMAT_BED_GENOME");
    }
    return source;
  }

  /**
   * A server path or file:// URI. A bad one is named as a short token: it comes from a remote caller, and its
   * reason comes from the JDK, which quotes it whole.
   */
  public static Path path(String uri, String field) throws InvalidJobException {
    if (uri.isEmpty()) {
      throw new InvalidJobException(field + " is required (an absolute server path or a file:// URI)");
    }
    if (uri.startsWith("file:")) {
      try {
        return Path.of(URI.create(uri));
      } catch (IllegalArgumentException e) {
        throw new InvalidJobException(field + " " + Quoted.token(uri) + " is not a valid file:// URI");
      }
    }
    if (uri.contains("://")) {
      throw new InvalidJobException(field + " " + Quoted.token(uri) + ": only server paths and file:// URIs are read");
    }
    try {
      return Path.of(uri);
    } catch (InvalidPathException e) {
      throw new InvalidJobException(field + " " + Quoted.token(uri) + " is not a valid server path ("
          + e.getReason() + ")");
    }
  }

  private static Negatives negatives(TrainingConfig t) throws InvalidJobException {
    return switch (t.getNegatives().getMode()) {
      case NEGATIVE_MODE_UNSPECIFIED -> Negatives.AUTO;
      case NEGATIVE_MODE_NONE -> Negatives.NONE;
      case NEGATIVE_MODE_DINUCLEOTIDE_SHUFFLE -> Negatives.SHUFFLE;
      default -> throw new InvalidJobException("training.negatives.mode " + t.getNegatives().getMode()
          + " is not supported; use NEGATIVE_MODE_DINUCLEOTIDE_SHUFFLE or NEGATIVE_MODE_NONE");
    };
  }

  /** The architecture: its layers when given, else its preset; the head's tasks are set from the data later. */
  public static ModelSpec architecture(JobSpec spec) throws InvalidJobException {
    ArchitectureSpec a = spec.getArchitecture();
    try {
      if (a.getLayersCount() == 0) {
        ModelSpec preset = Presets.byName(a.getPreset().isEmpty() ? "deepbind" : a.getPreset());
        return a.getReverseComplement() == io.seqbind.proto.v1.ReverseComplementMode.REVERSE_COMPLEMENT_MODE_UNSPECIFIED
            ? preset : preset.withReverseComplement(SpecProtos.fromProto(a.getReverseComplement()));
      }
      ArchitectureSpec withHead = a.getHead().getTaskCount() == 0
          ? a.toBuilder().setHead(a.getHead().toBuilder().setTaskCount(1)
              .setTaskType(a.getHead().getTaskType() == io.seqbind.proto.v1.TaskType.TASK_TYPE_UNSPECIFIED
                  ? io.seqbind.proto.v1.TaskType.TASK_TYPE_BINARY : a.getHead().getTaskType())).build()
          : a;
      return SpecProtos.fromProto(withHead);
    } catch (InvalidSpecException e) {
      throw new InvalidJobException("architecture: " + e.getMessage());
    }
  }

  public static long seed(TrainingConfig t) {
    return t.hasSeed() ? t.getSeed().getValue() : 1;
  }

  /** Calibration: whether it runs and how. */
  public static int settings(TrainingConfig t) {
    return t.hasCalibration() ? t.getCalibration().getSettings() : 0;
  }

  public static int folds(TrainingConfig t) {
    return t.getCalibration().hasFolds() ? t.getCalibration().getFolds().getValue() : DEFAULT_FOLDS;
  }

  public static int calibrationSteps(TrainingConfig t) {
    return t.getCalibration().hasStepsPerSetting() ? (int) t.getCalibration().getStepsPerSetting().getValue()
        : DEFAULT_CALIBRATION_STEPS;
  }

  public static SearchSpace searchSpace(TrainingConfig t, ModelSpec spec) throws InvalidJobException {
    try {
      return t.getCalibration().getSearchSpaceCount() == 0 ? SearchSpace.defaultFor(spec, optimizer(t))
          : explicitSpace(t);
    } catch (IllegalArgumentException e) {
      throw new InvalidJobException("training.calibration." + e.getMessage());
    }
  }

  /** The request's own search space, or null when it leaves the default. */
  private static SearchSpace explicitSpace(TrainingConfig t) {
    return t.getCalibration().getSearchSpaceCount() == 0 ? null : new SearchSpace(t.getCalibration().getSearchSpaceList());
  }

  /**
   * The whole spec in the engine's terms, read once: what {@link TrainingJobRunner} works from.
   *
   * @throws InvalidJobException naming the contract's field
   */
  public static JobPlan plan(JobSpec spec) throws InvalidJobException {
    TrainingConfig t = spec.getTraining();
    checkCalibration(t);
    TrainOptions options = options(spec);
    ModelSpec architecture = architecture(spec);
    int headTasks = spec.getArchitecture().getLayersCount() > 0 ? spec.getArchitecture().getHead().getTaskCount() : 0;
    JobPlan.Calibration calibration = null;
    if (settings(t) > 0) {
      try {
        calibration = new JobPlan.Calibration(settings(t), folds(t), calibrationSteps(t), explicitSpace(t));
      } catch (IllegalArgumentException e) {
        throw new InvalidJobException("training.calibration." + e.getMessage());
      }
    }
    return new JobPlan(options, architecture, headTasks, spec.getDataset().getTaskNamesList(), trainSource(spec),
        testSource(spec), calibration);
  }

  /** The job's optimizer; unset: {@link #DEFAULT_CALIBRATION_OPTIMIZER} when calibrating, else Adam. */
  public static OptimizerKind optimizer(TrainingConfig t) {
    return switch (t.getOptimizer()) {
      case OPTIMIZER_SGD_NESTEROV -> OptimizerKind.SGD_NESTEROV;
      case OPTIMIZER_ADADELTA -> OptimizerKind.ADADELTA;
      case OPTIMIZER_ADAM -> OptimizerKind.ADAM;
      default -> settings(t) > 0 ? DEFAULT_CALIBRATION_OPTIMIZER : OptimizerKind.ADAM;
    };
  }

  /** The engine's options, every unset value defaulted. */
  public static TrainOptions options(JobSpec spec) throws InvalidJobException {
    TrainingConfig t = spec.getTraining();
    OptimizerKind optimizer = optimizer(t);
    DeviceChoice device = switch (t.getDevice()) {
      case COMPUTE_DEVICE_GPU -> DeviceChoice.GPU;
      case COMPUTE_DEVICE_OPENCL -> DeviceChoice.OPENCL;
      case COMPUTE_DEVICE_JAVA -> DeviceChoice.JAVA;
      default -> DeviceChoice.AUTO;
    };
    double defaultRate = optimizer == OptimizerKind.ADADELTA ? 1.0 : optimizer == OptimizerKind.SGD_NESTEROV ? 0.01 : 0.003;
    try {
      return new TrainOptions(device, seed(t), optimizer,
          t.hasLearningRate() ? t.getLearningRate().getValue() : defaultRate,
          t.hasBatchSize() ? t.getBatchSize().getValue() : 64,
          t.hasMaxSteps() ? Math.toIntExact(t.getMaxSteps().getValue()) : 5000,
          t.hasValidationIntervalSteps() ? Math.toIntExact(t.getValidationIntervalSteps().getValue())
              : settings(t) > 0 ? DEFAULT_CALIBRATION_VALIDATION_INTERVAL : 100,
          t.hasEarlyStoppingPatience() ? t.getEarlyStoppingPatience().getValue() : 5,
          t.hasValidationFraction() ? t.getValidationFraction().getValue() : 0.1,
          t.hasL1WeightDecay() ? t.getL1WeightDecay().getValue() : 0,
          t.hasL2WeightDecay() ? t.getL2WeightDecay().getValue() : 0,
          t.hasWeightDecayStartStep() ? Math.toIntExact(t.getWeightDecayStartStep().getValue()) : 0,
          t.hasDropoutRate() ? t.getDropoutRate().getValue() : Double.NaN,
          t.hasGradientClipNorm() ? t.getGradientClipNorm().getValue() : 0,
          t.hasEnsembleSize() ? t.getEnsembleSize().getValue() : settings(t) > 0 ? DEFAULT_CALIBRATED_ENSEMBLE : 1);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new InvalidJobException(e instanceof ArithmeticException
          ? "training: max_steps, validation_interval_steps and weight_decay_start_step must fit a 32-bit integer"
          : e.getMessage());
    }
  }

  /** Rejects impossible calibration settings. */
  static void checkCalibration(TrainingConfig t) throws InvalidJobException {
    if (settings(t) < 0) {
      throw new InvalidJobException("training.calibration.settings must be >= 0, got " + settings(t));
    }
    if (settings(t) > 0 && (folds(t) < 2 || folds(t) > 10)) {
      throw new InvalidJobException("training.calibration.folds must be 2..10, got " + folds(t));
    }
    if (settings(t) > 0 && calibrationSteps(t) < 1) {
      throw new InvalidJobException("training.calibration.steps_per_setting must be >= 1");
    }
    if (t.getDevice() == io.seqbind.proto.v1.ComputeDevice.UNRECOGNIZED
        || t.getOptimizer() == io.seqbind.proto.v1.Optimizer.UNRECOGNIZED) {
      throw new InvalidJobException("training: unknown optimizer or device value");
    }
  }
}
