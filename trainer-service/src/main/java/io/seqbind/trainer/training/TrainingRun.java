package io.seqbind.trainer.training;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.seqbind.core.model.ModelSpec;
import io.seqbind.core.model.OutputHead;
import io.seqbind.core.model.Presets;
import io.seqbind.core.model.SpecJson;
import io.seqbind.core.seq.LabeledSequence;
import io.seqbind.core.split.FractionSplit;
import io.seqbind.core.split.TrainValidationTest;
import io.seqbind.trainer.data.Dataset;
import io.seqbind.trainer.engine.Batch;
import io.seqbind.trainer.engine.Hyperparameters;
import io.seqbind.trainer.engine.ProgressListener;
import io.seqbind.trainer.engine.TrainConfig;
import io.seqbind.trainer.engine.TrainResult;
import io.seqbind.trainer.engine.Trainer;
import io.seqbind.trainer.ops.AparapiOps;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One training job from a loaded data set to a model directory: spec from a preset or file (its head
 * sized to the data's tasks), a seeded train/validation split, training on the chosen device with early
 * stopping, and a manifest recording the data, settings, device that really ran and validation metric.
 */
public final class TrainingRun {

  /** What a finished run reports. */
  public record Outcome(Path directory, String metricName, double validationMetric, int steps, int bestStep,
      String device, int trainSize, int validationSize) {}

  private TrainingRun() {}

  public static Outcome run(Dataset data, TrainOptions options, Path out, ProgressListener listener)
      throws IOException {
    ModelDirectory.requireFresh(out);
    ModelSpec spec = spec(options).withHead(new OutputHead(data.taskNames().size(), data.type()));
    if (data.length() < spec.minimumLength()) {
      throw new IllegalArgumentException("sequences of " + data.length() + " bp are shorter than the "
          + spec.minimumLength() + " bp that " + spec.name() + " needs");
    }
    TrainValidationTest split = FractionSplit.split(data.size(), 1 - options.validationFraction(),
        options.validationFraction(), 0, options.seed());
    Batch train = Batch.of(pick(data.records(), split.train()));
    Batch validation = Batch.of(pick(data.records(), split.validation()));
    Hyperparameters hyper = Hyperparameters.defaults(options.optimizer()).withLearningRate(options.learningRate())
        .withDecay(options.l1(), options.l2(), options.decayStartStep()).withDropout(options.dropout());
    TrainConfig config = new TrainConfig(options.optimizer(), options.batchSize(), options.maxSteps(),
        options.validateEvery(), options.patience(), options.seed(), options.clipNorm(), List.of(hyper));
    try (AparapiOps ops = AparapiOps.create(options.device())) {
      TrainResult result = new Trainer(spec, config, ops, ops).train(train, validation, listener);
      ObjectNode manifest = manifest(data, options, spec, result, ops.ranOn(), train.n(), validation.n());
      ModelDirectory.write(out, result.network(), manifest);
      return new Outcome(out, result.metricName(), result.bestMetric()[0], result.steps(), result.bestStep()[0],
          ops.ranOn(), train.n(), validation.n());
    }
  }

  /** The architecture asked for: a spec file, else a preset (an unknown name fails listing the presets). */
  public static ModelSpec spec(TrainOptions options) throws IOException {
    return options.specFile() != null ? SpecJson.read(options.specFile()) : Presets.byName(options.arch());
  }

  private static List<LabeledSequence> pick(List<LabeledSequence> records, int[] rows) {
    List<LabeledSequence> out = new ArrayList<>(rows.length);
    for (int row : rows) {
      out.add(records.get(row));
    }
    return out;
  }

  private static ObjectNode manifest(Dataset data, TrainOptions options, ModelSpec spec, TrainResult result,
      String device, int trainSize, int validationSize) throws IOException {
    ObjectNode m = ModelDirectory.newManifest();
    m.put("format", "seqbind-model/0");
    m.put("name", spec.name());
    m.put("seqbindVersion", String.valueOf(TrainingRun.class.getPackage().getImplementationVersion()));
    m.put("created", Instant.now().toString());
    m.put("taskType", data.type().name().toLowerCase());
    m.putPOJO("taskNames", data.taskNames());
    m.put("alphabet", "DNA");
    m.put("sequenceLength", data.length());
    m.put("minimumLength", spec.minimumLength());
    m.put("reverseComplement", spec.reverseComplement().name().toLowerCase());
    m.set("architecture", ModelDirectory.toJson(SpecJson.write(spec)));
    ObjectNode settings = m.putObject("hyperparameters");
    settings.put("optimizer", options.optimizer().name().toLowerCase());
    settings.put("learningRate", options.learningRate());
    settings.put("batchSize", options.batchSize());
    settings.put("maxSteps", options.maxSteps());
    settings.put("validateEvery", options.validateEvery());
    settings.put("patience", options.patience());
    settings.put("seed", options.seed());
    settings.put("l1", options.l1());
    settings.put("l2", options.l2());
    settings.put("decayStartStep", options.decayStartStep());
    if (!Double.isNaN(options.dropout())) {
      settings.put("dropout", options.dropout());
    }
    settings.put("clipNorm", options.clipNorm());
    ObjectNode training = m.putObject("trainingData");
    training.put("sha256", data.sha256());
    training.put("bytes", data.bytes());
    training.put("sequences", data.size());
    training.put("trainSequences", trainSize);
    training.put("validationSequences", validationSize);
    training.putPOJO("notes", data.notes());
    m.put("device", device);
    ObjectNode metrics = m.putObject("validation");
    metrics.put("metric", result.metricName());
    metrics.put("value", result.bestMetric()[0]);
    metrics.put("bestStep", result.bestStep()[0]);
    metrics.put("steps", result.steps());
    return m;
  }
}
