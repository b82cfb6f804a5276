package io.seqbind.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Compares {@link Metrics} with scikit-learn/SciPy values stored in {@code fixtures/metrics.tsv}, made by
 * {@code core/src/test/python/make_metric_fixtures.py} (see the file's header for the format).
 */
class MetricsFixtureTest {

  private static final double TOLERANCE = 1e-9;
  private static final String[] METRICS = {"roc_auc", "average_precision", "pearson", "spearman", "mse"};
  private static final List<BiFunction<double[], double[], Double>> FUNCTIONS = List.of(
      Metrics::rocAuc, Metrics::averagePrecision, Metrics::pearson, Metrics::spearman, Metrics::mse);

  @TestFactory
  List<DynamicTest> everyMetricMatchesSklearnAndScipy() throws IOException {
    List<String[]> rows = readFixture();
    assertTrue(rows.size() >= 20, "fixture has " + rows.size() + " cases");
    List<DynamicTest> tests = new ArrayList<>();
    for (String[] row : rows) {
      double[] labels = parse(row[1]);
      double[] scores = parse(row[2]);
      for (int m = 0; m < METRICS.length; m++) {
        String expected = row[3 + m];
        if (expected.equals("NA")) {
          continue;
        }
        BiFunction<double[], double[], Double> metric = FUNCTIONS.get(m);
        tests.add(dynamicTest(row[0] + " " + METRICS[m], () -> {
          if (expected.equals("error")) {
            assertThrows(IllegalArgumentException.class, () -> metric.apply(labels, scores));
          } else {
            double want = Double.parseDouble(expected);
            double got = metric.apply(labels, scores);
            if (Double.isNaN(want)) {
              assertTrue(Double.isNaN(got), "expected NaN, got " + got);
            } else {
              assertEquals(want, got, TOLERANCE * Math.max(1.0, Math.abs(want)));
            }
          }
        }));
      }
    }
    return tests;
  }

  private static List<String[]> readFixture() throws IOException {
    InputStream in = MetricsFixtureTest.class.getResourceAsStream("/fixtures/metrics.tsv");
    assertNotNull(in, "fixtures/metrics.tsv on the test class path");
    List<String[]> rows = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] fields = line.split("\t", -1);
        assertEquals(8, fields.length, "fields in fixture line starting " + fields[0]);
        rows.add(fields);
      }
    }
    return rows;
  }

  private static double[] parse(String csv) {
    return Arrays.stream(csv.split(",")).mapToDouble(Double::parseDouble).toArray();
  }
}
