package io.seqbind.cli;

import io.seqbind.core.model.Presets;
import io.seqbind.trainer.data.DataSource;
import io.seqbind.trainer.data.Dataset;
import io.seqbind.trainer.data.TrainingData;
import io.seqbind.trainer.engine.OptimizerKind;
import io.seqbind.trainer.ops.DeviceChoice;
import io.seqbind.trainer.training.ModelDirectory;
import io.seqbind.trainer.training.TrainOptions;
import io.seqbind.trainer.training.TrainingRun;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code seqbind train}: one model from a data set, in-process, to a model directory. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train a CNN of protein-DNA binding (DeepBind, Zeng et al. or Basset architectures) and write the model "
          + "directory (weights + manifest.json). Prints progress at each validation and the validation metric "
          + "at the end.",
      "Input: a DeepBind .seq[.gz] table; a FASTA with --labels (or alone: positives); or BED/narrowPeak peaks "
          + "with --genome (windows of --window bp centred on summits)."
    })
final class TrainCommand implements Callable<Integer> {

  @Mixin DataOptions data;

  @Option(names = "--window", defaultValue = "" + DataSource.DEFAULT_WINDOW,
      description = "Window width in bp for peak input (default: ${DEFAULT-VALUE}).")
  int window;

  @Option(names = "--arch", defaultValue = "deepbind",
      description = "Architecture preset (default: ${DEFAULT-VALUE}); one of: ${COMPLETION-CANDIDATES}.",
      completionCandidates = PresetNames.class)
  String arch;

  @Option(names = "--spec", description = "Model spec JSON file (instead of --arch).")
  Path spec;

  @Option(names = "--device", defaultValue = "auto",
      description = "auto, gpu, opencl or java (default: ${DEFAULT-VALUE}). Asking for OpenCL that cannot run is an error.")
  String device;

  @Option(names = "--optimizer", defaultValue = "adam",
      description = "adam, sgd_nesterov or adadelta (default: ${DEFAULT-VALUE}).")
  OptimizerKind optimizer;

  @Option(names = "--learning-rate", defaultValue = "0.003", description = "Step size (default: ${DEFAULT-VALUE}).")
  double learningRate;

  @Option(names = "--batch-size", defaultValue = "64", description = "Examples per step (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--max-steps", defaultValue = "5000", description = "Most training steps (default: ${DEFAULT-VALUE}).")
  int maxSteps;

  @Option(names = "--validate-every", defaultValue = "100", description = "Steps between validations (default: ${DEFAULT-VALUE}).")
  int validateEvery;

  @Option(names = "--patience", defaultValue = "5",
      description = "Validations without improvement before stopping early (default: ${DEFAULT-VALUE}).")
  int patience;

  @Option(names = "--validation-fraction", defaultValue = "0.1",
      description = "Share of the data held out for validation (default: ${DEFAULT-VALUE}).")
  double validationFraction;

  @Option(names = "--l1", defaultValue = "0", description = "L1 weight decay (default: ${DEFAULT-VALUE}).")
  double l1;

  @Option(names = "--l2", defaultValue = "0", description = "L2 weight decay (default: ${DEFAULT-VALUE}).")
  double l2;

  @Option(names = "--decay-start", defaultValue = "0",
      description = "Step from which weight decay applies, as DeepBind starts it late (default: ${DEFAULT-VALUE}).")
  int decayStart;

  @Option(names = "--dropout", description = "Rate of every dropout layer (default: the architecture's).")
  Double dropout;

  @Option(names = "--clip-norm", defaultValue = "0",
      description = "Largest global gradient norm; 0 = no clipping (default: ${DEFAULT-VALUE}).")
  double clipNorm;

  @Option(names = "--out", required = true, description = "Model directory to create (must not hold files).")
  Path out;

  @Override
  public Integer call() throws Exception {
    ModelDirectory.requireFresh(out); // before minutes of training, not after
    TrainOptions options = new TrainOptions(arch, spec, DeviceChoice.parse(device), data.seed,
        optimizer, learningRate, batchSize, maxSteps,
        validateEvery, patience, validationFraction, l1, l2, decayStart, dropout == null ? Double.NaN : dropout,
        clipNorm);
    TrainingRun.spec(options); // a bad --arch or --spec fails before the data is read
    Dataset dataset = TrainingData.load(data.source(window));
    System.out.printf("data: %d sequences of %d bp, %d %s task(s) %s%n", dataset.size(), dataset.length(),
        dataset.taskNames().size(), dataset.type().name().toLowerCase(Locale.ROOT), dataset.taskNames());
    dataset.notes().forEach(note -> System.out.println("  " + note));
    TrainingRun.Outcome outcome = TrainingRun.run(dataset, options, out, new ProgressPrinter(maxSteps));
    System.out.printf("device: %s%n", outcome.device());
    System.out.printf("validation: %s=%.4f best_step=%d steps=%d train=%d validation=%d%n", outcome.metricName(),
        outcome.validationMetric(), outcome.bestStep(), outcome.steps(), outcome.trainSize(), outcome.validationSize());
    System.out.println("model: " + outcome.directory());
    return 0;
  }

  /** The preset names for {@code --help}. */
  static final class PresetNames implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return Presets.names().iterator();
    }
  }
}
