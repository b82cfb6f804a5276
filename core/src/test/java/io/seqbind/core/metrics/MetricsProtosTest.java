package io.seqbind.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.seqbind.core.model.TaskType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Worked examples: the key=value line the CLI prints and the metrics behind it. */
class MetricsProtosTest {

  @Test
  void binaryLineHasAucApAndCount() {
    // Scores rank positive, negative, positive, negative: 3 of the 4 positive/negative pairs are in order.
    float[] labels = {1, 0, 1, 0};
    float[] scores = {0.9f, 0.8f, 0.7f, 0.1f};
    var metrics = MetricsProtos.of(TaskType.BINARY, List.of("bound"), labels, scores);
    // AP: precision 1 at the first positive, 2/3 at the second, mean 0.8333.
    assertEquals("auc=0.7500 ap=0.8333 n=4", MetricsProtos.line(metrics));
  }

  @Test
  void severalTasksAddPerTaskKeysAndSkipMissingLabels() {
    float[] labels = {1, 0, 0, Float.NaN, 1, 1, 0, 0};
    float[] scores = {0.9f, 0.1f, 0.2f, 0.5f, 0.8f, 0.7f, 0.3f, 0.2f};
    var metrics = MetricsProtos.of(TaskType.BINARY, List.of("a", "b"), labels, scores);
    // a: labels 1,0,1,0 scores .9,.2,.8,.3 -> perfect; b: labels 0,1,0 (one missing) scores .1,.7,.2 -> perfect.
    assertEquals("auc=1.0000 ap=1.0000 n=4 auc.a=1.0000 ap.a=1.0000 auc.b=1.0000 ap.b=1.0000",
        MetricsProtos.line(metrics));
    assertEquals(3, metrics.getPerTask(1).getExamples());
  }

  @Test
  void regressionLineHasCorrelationsAndError() {
    float[] labels = {1, 2, 3, 4};
    float[] scores = {2, 4, 6, 8};
    var metrics = MetricsProtos.of(TaskType.REGRESSION, List.of("signal"), labels, scores);
    // mse = (1 + 4 + 9 + 16) / 4
    assertEquals("pearson=1.0000 spearman=1.0000 mse=7.5000 n=4", MetricsProtos.line(metrics));
  }
}
