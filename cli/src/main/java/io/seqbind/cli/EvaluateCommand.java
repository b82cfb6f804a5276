package io.seqbind.cli;

import io.seqbind.core.metrics.MetricsProtos;
import io.seqbind.core.seq.LabeledSequence;
import io.seqbind.proto.v1.ModelScores;
import io.seqbind.trainer.data.Dataset;
import io.seqbind.trainer.data.TrainingData;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code seqbind evaluate}: test metrics of a model on a labelled set, scored by the scorer service. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = "Score a labelled test set with a model through the scorer service and print AUC and average "
        + "precision (binary) or Pearson, Spearman and MSE (regression) as one line of key=value pairs.")
final class EvaluateCommand implements Callable<Integer> {

  @Option(names = "--model", required = true,
      description = "Model: bundle directory, id (or 8+ hex prefix), name:version or name.")
  String model;

  @Option(names = "--window", defaultValue = "101", description = "Window width in bp for peak input (default: ${DEFAULT-VALUE}).")
  int window;

  @Option(names = "--scores", description = "Also write every test sequence's labels and scores to this TSV "
      + "(id, label:TASK, score:TASK), e.g. for seqbind report's ROC and precision-recall curves.")
  Path scoresOut;

  @Mixin DataOptions data;
  @Mixin ServiceOptions services;

  @Override
  public Integer call() throws Exception {
    Dataset dataset = TrainingData.load(data.source(window));
    int tasks = dataset.taskNames().size();
    float[] labels = new float[dataset.size() * tasks];
    float[] scores = new float[labels.length];
    for (int i = 0; i < dataset.size(); i++) {
      double[] y = dataset.records().get(i).labels();
      for (int t = 0; t < tasks; t++) {
        labels[i * tasks + t] = (float) y[t];
      }
    }
    try (Services s = services.connect()) {
      var ref = s.model(model);
      int[] row = {0};
      new ScoreClient(s.scorerAsync(), List.of(ref), false).scoreAll(dataset.records().iterator(),
          data.input.toString(), (chunk, response) -> {
            ModelScores m = response.getModels(0);
            if (m.getColumns() != tasks) {
              throw new IllegalArgumentException(data.input + " has " + tasks + " task(s) " + dataset.taskNames()
                  + " but the model predicts " + m.getColumns() + " " + m.getTaskNamesList());
            }
            for (int k = 0; k < m.getScoresCount(); k++) {
              scores[row[0] * tasks + k] = m.getScores(k);
            }
            row[0] += chunk.size();
          });
    }
    if (scoresOut != null) {
      new io.seqbind.cli.report.TestScores(dataset.records().stream().map(LabeledSequence::id).toList(),
          dataset.taskNames(), labels, scores).write(scoresOut);
    }
    System.out.println(MetricsProtos.line(MetricsProtos.of(dataset.type(), dataset.taskNames(), labels, scores)));
    return 0;
  }
}
