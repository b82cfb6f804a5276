package io.seqbind.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.seqbind.core.metrics.Metrics;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The report's curves against the metrics library (independent code) and against hand-worked examples. */
class CurvesTest {

  @Test
  void rocAndPrAreasEqualAucAndAveragePrecisionWithTies() {
    Random rng = new Random(5);
    for (int trial = 0; trial < 20; trial++) {
      int n = 50 + rng.nextInt(200);
      double[] y = new double[n];
      double[] s = new double[n];
      for (int i = 0; i < n; i++) {
        y[i] = i < 3 ? i % 2 : rng.nextInt(2);
        // few distinct values: many ties, which the curves must take together
        s[i] = Math.round((y[i] + rng.nextGaussian()) * 4) / 4.0;
      }
      assertEquals(Metrics.rocAuc(y, s), Curves.trapezoid(Curves.roc(y, s)), 1e-12);
      assertEquals(Metrics.averagePrecision(y, s), Curves.stepArea(Curves.precisionRecall(y, s)), 1e-12);
    }
  }

  @Test
  void handWorkedCurve() {
    // scores 0.9(+) 0.8(-) 0.7(+) 0.6(-): thresholds step through each
    double[] y = {1, 0, 1, 0};
    double[] s = {0.9, 0.8, 0.7, 0.6};
    assertEquals(List.of(new Curves.Point(0, 0), new Curves.Point(0, 0.5), new Curves.Point(0.5, 0.5),
        new Curves.Point(0.5, 1), new Curves.Point(1, 1)), Curves.roc(y, s));
    assertEquals(List.of(new Curves.Point(0, 1), new Curves.Point(0.5, 1), new Curves.Point(0.5, 0.5),
        new Curves.Point(1, 2.0 / 3), new Curves.Point(1, 0.5)), Curves.precisionRecall(y, s));
    assertEquals(0.75, Curves.trapezoid(Curves.roc(y, s)), 1e-12);
  }

  @Test
  void unknownLabelsAreLeftOutAndOneClassIsRefused() {
    double[] y = {1, Double.NaN, 0};
    double[] s = {0.9, 0.1, 0.2};
    assertEquals(1.0, Curves.trapezoid(Curves.roc(y, s)), 1e-12);
    assertThrows(IllegalArgumentException.class, () -> Curves.roc(new double[] {1, 1}, new double[] {0.1, 0.2}));
    assertThrows(IllegalArgumentException.class, () -> Curves.roc(new double[] {2, 0}, new double[] {0.1, 0.2}));
  }

  @Test
  void reliabilityBinsCountMeanAndObservedShare() {
    double[] y = {0, 1, 1, 0, 1};
    double[] p = {0.05, 0.07, 0.95, 0.5, 1.0};
    List<Curves.Bin> bins = Curves.reliability(y, p, 10);
    assertEquals(10, bins.size());
    assertEquals(2, bins.get(0).count());
    assertEquals(0.06, bins.get(0).meanScore(), 1e-12);
    assertEquals(0.5, bins.get(0).observed(), 1e-12);
    assertEquals(1, bins.get(5).count());
    assertEquals(2, bins.get(9).count()); // 1.0 falls in the last bin
    assertEquals(1.0, bins.get(9).observed(), 1e-12);
    assertEquals(0, bins.get(3).count());
    assertEquals(Double.NaN, bins.get(3).meanScore());
  }
}
