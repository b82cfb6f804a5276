package io.seqbind.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.seqbind.core.model.TaskType;
import io.seqbind.trainer.data.DataSource;
import io.seqbind.trainer.data.Dataset;
import io.seqbind.trainer.data.TrainingData;
import io.seqbind.trainer.engine.Batch;
import io.seqbind.trainer.engine.Network;
import io.seqbind.trainer.engine.Predictor;
import io.seqbind.trainer.ops.JavaOps;
import io.seqbind.trainer.training.Evaluation;
import io.seqbind.trainer.training.ModelDirectory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code seqbind evaluate}: test metrics of a trained model on a labelled set, as one key=value line. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = "Score a labelled test set with a model directory and print AUC and average precision (binary) "
        + "or Pearson, Spearman and MSE (regression) as one line of key=value pairs.")
final class EvaluateCommand implements Callable<Integer> {

  @Option(names = "--model", required = true, description = "Model directory written by seqbind train.")
  Path model;

  @Mixin DataOptions data;

  @Override
  public Integer call() throws Exception {
    JsonNode manifest = ModelDirectory.readManifest(model);
    int window = manifest.path("sequenceLength").asInt(DataSource.DEFAULT_WINDOW);
    Dataset dataset = TrainingData.load(data.source(window));
    List<String> modelTasks = new ArrayList<>();
    manifest.path("taskNames").forEach(t -> modelTasks.add(t.asText()));
    if (modelTasks.size() != dataset.taskNames().size()) {
      throw new IllegalArgumentException(data.input + " has " + dataset.taskNames().size() + " task(s) " + dataset.taskNames()
          + " but the model predicts " + modelTasks.size() + " " + modelTasks);
    }
    JavaOps ops = new JavaOps(); // scoring a test set is cheap next to training; the reference needs no device
    Network network = ModelDirectory.loadNetwork(model, 256, ops, ops);
    Batch batch = Batch.of(dataset.records());
    float[] scores = Predictor.predict(network, batch)[0];
    TaskType type = TaskType.valueOf(manifest.path("taskType").asText("binary").toUpperCase(Locale.ROOT));
    System.out.println(Evaluation.format(Evaluation.metrics(type, dataset.taskNames(), batch.labels(), scores)));
    return 0;
  }
}
