package io.seqbind.trainer.bench;

import com.google.protobuf.Int32Value;
import com.google.protobuf.Int64Value;
import io.seqbind.core.bundle.ModelStore;
import io.seqbind.proto.v1.ArchitectureSpec;
import io.seqbind.proto.v1.CalibrationConfig;
import io.seqbind.proto.v1.CalibrationTrial;
import io.seqbind.proto.v1.ComputeDevice;
import io.seqbind.proto.v1.Dataset;
import io.seqbind.proto.v1.DatasetFormat;
import io.seqbind.proto.v1.DatasetSource;
import io.seqbind.proto.v1.JobProgress;
import io.seqbind.proto.v1.JobSpec;
import io.seqbind.proto.v1.ModelInfo;
import io.seqbind.proto.v1.ModelName;
import io.seqbind.proto.v1.Optimizer;
import io.seqbind.proto.v1.TrainingConfig;
import io.seqbind.trainer.jobs.JobContext;
import io.seqbind.trainer.jobs.TrainingJobRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Calibrated training of the deepbind preset on DeepBind's ENCODE sets, through a JobSpec and
 * {@link TrainingJobRunner} exactly as the trainer's gRPC service runs a job (ONNX export included):
 * {@code --settings} (30) settings x {@code --folds} (3) folds, then the final model, then the test set.
 * Prints one row per set (CV metric of the best setting, the final model's validation AUC, test AUC, wall
 * seconds of the whole job, the JVM's CPU seconds for it and the load average at its end: the machine is
 * shared, so wall time depends on what else runs) and {@code calibrate-bench: mean_auc=X wall_s=Y}, where
 * wall_s is ELK1's time (or the mean over the
 * sets run when ELK1 is not among them, marked {@code wall_s_mean}).
 *
 * <p>Options: {@code --data DIR} (../shared/data/encode), {@code --sets A,B} (every *_AC.seq.gz in DIR),
 * {@code --settings N}, {@code --folds K}, {@code --steps S} (calibration steps per setting; unset keeps the
 * job default), {@code --optimizer sgd|adam|adadelta} (unset keeps the job default), {@code --device
 * auto|java|opencl|gpu}, {@code --batch B}, {@code --validate-every S} (the job's validation interval, which
 * calibration uses), {@code --max-steps S} (the final model's), {@code --ensemble N} (final models averaged;
 * unset keeps the job default), {@code --seed S}, {@code --verbose} (every trial).
 */
public final class CalibrateBench {

  private CalibrateBench() {}

  public static void main(String[] args) throws Exception {
    Path data = Path.of("../shared/data/encode");
    List<String> sets = null;
    int settings = 30;
    int folds = 3;
    Long steps = null;
    Integer batch = null;
    Long seed = null;
    Long validateEvery = null;
    Long maxSteps = null;
    Integer ensemble = null;
    Optimizer optimizer = Optimizer.OPTIMIZER_UNSPECIFIED;
    ComputeDevice device = ComputeDevice.COMPUTE_DEVICE_UNSPECIFIED;
    boolean verbose = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--data" -> data = Path.of(args[++i]);
        case "--sets" -> sets = List.of(args[++i].split(","));
        case "--settings" -> settings = Integer.parseInt(args[++i]);
        case "--folds" -> folds = Integer.parseInt(args[++i]);
        case "--steps" -> steps = Long.parseLong(args[++i]);
        case "--batch" -> batch = Integer.parseInt(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--validate-every" -> validateEvery = Long.parseLong(args[++i]);
        case "--max-steps" -> maxSteps = Long.parseLong(args[++i]);
        case "--ensemble" -> ensemble = Integer.parseInt(args[++i]);
        case "--verbose" -> verbose = true;
        case "--optimizer" -> optimizer = switch (args[++i]) {
          case "sgd" -> Optimizer.OPTIMIZER_SGD_NESTEROV;
          case "adam" -> Optimizer.OPTIMIZER_ADAM;
          case "adadelta" -> Optimizer.OPTIMIZER_ADADELTA;
          default -> throw new IllegalArgumentException("--optimizer sgd|adam|adadelta, got " + args[i]);
        };
        case "--device" -> device = switch (args[++i]) {
          case "auto" -> ComputeDevice.COMPUTE_DEVICE_UNSPECIFIED;
          case "java" -> ComputeDevice.COMPUTE_DEVICE_JAVA;
          case "opencl" -> ComputeDevice.COMPUTE_DEVICE_OPENCL;
          case "gpu" -> ComputeDevice.COMPUTE_DEVICE_GPU;
          default -> throw new IllegalArgumentException("--device auto|java|opencl|gpu, got " + args[i]);
        };
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    List<String> names = sets != null ? sets : allSets(data);
    Path work = Files.createTempDirectory("calibrate-bench");
    ModelStore store = new ModelStore(work.resolve("store"));
    TrainingJobRunner runner = new TrainingJobRunner(store);
    System.out.printf(Locale.ROOT, "%-8s %8s %8s %8s %8s %8s %5s  %s%n", "set", "cv_auc", "val_auc", "test_auc",
        "wall_s", "cpu_s", "load", "best setting");
    double aucSum = 0;
    double wallSum = 0;
    double elk1Wall = Double.NaN;
    for (String name : names) {
      Path train = only(data, name + "_", "_AC.seq.gz");
      Path test = only(data, name + "_", "_B.seq.gz");
      TrainingConfig.Builder training = TrainingConfig.newBuilder().setOptimizer(optimizer).setDevice(device)
          .setCalibration(calibration(settings, folds, steps));
      if (batch != null) {
        training.setBatchSize(Int32Value.of(batch));
      }
      if (maxSteps != null) {
        training.setMaxSteps(Int64Value.of(maxSteps));
      }
      if (ensemble != null) {
        training.setEnsembleSize(Int32Value.of(ensemble));
      }
      if (validateEvery != null) {
        training.setValidationIntervalSteps(Int64Value.of(validateEvery));
      }
      if (seed != null) {
        training.setSeed(com.google.protobuf.UInt64Value.of(seed));
      }
      JobSpec job = JobSpec.newBuilder()
          .setModel(ModelName.newBuilder().setName(name.toLowerCase(Locale.ROOT)).setVersion("bench"))
          .setArchitecture(ArchitectureSpec.newBuilder().setPreset("deepbind"))
          .setTraining(training)
          .setDataset(Dataset.newBuilder()
              .setTrain(DatasetSource.newBuilder().setFormat(DatasetFormat.DATASET_FORMAT_DEEPBIND_SEQ)
                  .setUri(train.toAbsolutePath().toString()))
              .setTest(DatasetSource.newBuilder().setFormat(DatasetFormat.DATASET_FORMAT_DEEPBIND_SEQ)
                  .setUri(test.toAbsolutePath().toString())))
          .build();
      long start = System.nanoTime();
      long cpuStart = cpuNanos();
      String id = runner.run(job, work.resolve("job-" + name), new Quiet());
      double wall = (System.nanoTime() - start) / 1e9;
      double cpu = (cpuNanos() - cpuStart) / 1e9;
      double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
      ModelInfo info = store.get(id).info();
      double auc = info.getTestMetrics().getOverall().getRocAuc().getValue();
      CalibrationTrial best = info.getCalibration().getTrials(info.getCalibration().getBestIndex());
      double cv = best.getMeanMetric();
      double val = info.getValidationMetrics().getOverall().getRocAuc().getValue();
      System.out.printf(Locale.ROOT, "%-8s %8.4f %8.4f %8.4f %8.1f %8.1f %5.1f  %s steps=%d%n", name, cv, val, auc,
          wall, cpu, load,
          new java.util.TreeMap<>(best.getValuesMap()), info.getSteps());
      if (verbose) {
        for (CalibrationTrial t : info.getCalibration().getTrialsList()) {
          System.out.printf(Locale.ROOT, "    trial %2d mean=%.4f %s%n", t.getIndex(), t.getMeanMetric(),
              new java.util.TreeMap<>(t.getValuesMap()));
        }
      }
      aucSum += auc;
      wallSum += wall;
      if (name.equals("ELK1")) {
        elk1Wall = wall;
      }
    }
    String wall = Double.isNaN(elk1Wall)
        ? String.format(Locale.ROOT, "wall_s_mean=%.1f", wallSum / names.size())
        : String.format(Locale.ROOT, "wall_s=%.1f", elk1Wall);
    System.out.printf(Locale.ROOT, "calibrate-bench: mean_auc=%.4f %s%n", aucSum / names.size(), wall);
  }

  /** CPU time of this JVM, all threads (the machine is shared: wall time alone depends on the neighbours). */
  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static CalibrationConfig calibration(int settings, int folds, Long steps) {
    CalibrationConfig.Builder c = CalibrationConfig.newBuilder().setSettings(settings).setFolds(Int32Value.of(folds));
    if (steps != null) {
      c.setStepsPerSetting(Int64Value.of(steps));
    }
    return c.build();
  }

  private static List<String> allSets(Path data) throws IOException {
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.list(data)) {
      files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith("_AC.seq.gz")).sorted(Comparator.naturalOrder())
          .forEach(f -> names.add(f.substring(0, f.indexOf('_'))));
    }
    if (names.isEmpty()) {
      throw new IllegalArgumentException("no *_AC.seq.gz in " + data);
    }
    return names;
  }

  private static Path only(Path data, String prefix, String suffix) throws IOException {
    try (Stream<Path> files = Files.list(data)) {
      List<Path> found = files.filter(p -> p.getFileName().toString().startsWith(prefix)
          && p.getFileName().toString().endsWith(suffix)).toList();
      if (found.size() != 1) {
        throw new IllegalArgumentException(data + ": expected one " + prefix + "*" + suffix + ", found " + found);
      }
      return found.get(0);
    }
  }

  /** Progress goes nowhere (the bench prints its own rows); never cancelled. */
  private static final class Quiet implements JobContext {
    @Override
    public void progress(JobProgress progress) {}

    @Override
    public boolean cancelled() {
      return false;
    }
  }
}
