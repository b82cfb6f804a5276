package io.seqbind.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Hand-worked examples and the documented edge cases. */
class MetricsTest {

  private static final double NAN = Double.NaN;

  @Test
  void rocAucCountsCorrectlyOrderedPairs() {
    // Pairs (positive, negative): (0.9,0.8) yes, (0.9,0.1) yes, (0.3,0.8) no, (0.3,0.1) yes -> 3/4.
    assertEquals(0.75, Metrics.rocAuc(new double[] {1, 0, 1, 0}, new double[] {0.9, 0.8, 0.3, 0.1}), 1e-15);
    // A tie between a positive and a negative counts one half: (0.7>0.4) 1 + (0.4=0.4) 0.5 -> 0.75.
    assertEquals(0.75, Metrics.rocAuc(new double[] {1, 1, 0}, new double[] {0.7, 0.4, 0.4}), 1e-15);
    assertEquals(0.5, Metrics.rocAuc(new double[] {1, 0, 0, 1, 1}, new double[] {2, 2, 2, 2, 2}), 0.0);
    assertEquals(1.0, Metrics.rocAuc(new double[] {0, 0, 1}, new double[] {-5, 0, 1e300}), 0.0);
    assertEquals(0.0, Metrics.rocAuc(new double[] {0, 0, 1}, new double[] {5, 1, Double.NEGATIVE_INFINITY}), 0.0);
  }

  @Test
  void signedZerosTie() {
    assertEquals(0.5, Metrics.rocAuc(new double[] {1, 0}, new double[] {-0.0, 0.0}), 0.0);
    assertEquals(0.5, Metrics.rocAuc(new double[] {0, 1}, new double[] {-0.0, 0.0}), 0.0);
  }

  @Test
  void averagePrecisionSumsPrecisionTimesRecallStep() {
    // Thresholds 0.9: P=1, R=1/2; 0.8: R unchanged; 0.3: P=2/3, R=1 -> 1/2*1 + 1/2*2/3 = 5/6.
    assertEquals(5.0 / 6, Metrics.averagePrecision(new double[] {1, 0, 1, 0}, new double[] {0.9, 0.8, 0.3, 0.1}),
        1e-15);
    // Tied scores enter together: 0.5 (one pos, one neg): P=1/2, R=1/2; 0.2: P=2/3, R=1 -> 1/4 + 1/3.
    assertEquals(7.0 / 12, Metrics.averagePrecision(new double[] {1, 0, 1}, new double[] {0.5, 0.5, 0.2}), 1e-15);
    // All scores equal: one threshold, AP = prevalence.
    assertEquals(0.4, Metrics.averagePrecision(new double[] {1, 0, 1, 0, 0}, new double[] {3, 3, 3, 3, 3}), 1e-15);
  }

  @Test
  void correlationsAndMse() {
    // x-mean = (-1,0,1), y-mean = (-1,1,0): sxy = 1, sxx = syy = 2 -> 0.5.
    assertEquals(0.5, Metrics.pearson(new double[] {1, 2, 3}, new double[] {1, 3, 2}), 1e-15);
    // Ranks of x with a tie: (1, 2.5, 2.5, 4); y: (1, 2, 3, 4) -> 4.5 / sqrt(4.5 * 5).
    assertEquals(4.5 / Math.sqrt(22.5), Metrics.spearman(new double[] {1, 2, 2, 3}, new double[] {10, 20, 30, 40}),
        1e-15);
    assertEquals(-1.0, Metrics.spearman(new double[] {1, 2, 3}, new double[] {9, 4, 1}), 0.0);
    assertEquals(4.0 / 3, Metrics.mse(new double[] {1, 2, 3}, new double[] {1, 2, 5}), 1e-15);
  }

  @Test
  void zeroVarianceGivesNaNLikeScipy() {
    assertTrue(Double.isNaN(Metrics.pearson(new double[] {1, 2, 3}, new double[] {4, 4, 4})));
    assertTrue(Double.isNaN(Metrics.pearson(new double[] {7, 7}, new double[] {1, 2})));
    assertTrue(Double.isNaN(Metrics.spearman(new double[] {1, 2, 3}, new double[] {0, 0, 0})));
  }

  @Test
  void nanLabelsAreSkipped() {
    // The pairs with NaN labels are dropped: the rest is perfectly ranked (scores 0.9 vs 0.1).
    double[] scores = {0.9, -100, 0.1, 0.5};
    double[] labels = {1, NAN, 0, NAN};
    assertEquals(1.0, Metrics.rocAuc(labels, scores), 0.0);
    assertEquals(1.0, Metrics.averagePrecision(labels, scores), 0.0);
    assertEquals(Metrics.mse(new double[] {1, 0}, new double[] {0.9, 0.1}), Metrics.mse(labels, scores), 0.0);
    assertEquals(Metrics.pearson(new double[] {1, 2, 3}, new double[] {3, 1, 2}),
        Metrics.pearson(new double[] {1, NAN, 2, 3}, new double[] {3, 1e9, 1, 2}), 0.0);
    // A NaN score under a missing label is fine too.
    assertEquals(1.0, Metrics.rocAuc(new double[] {1, NAN, 0}, new double[] {2, NAN, 1}), 0.0);
  }

  @Test
  void rejectsInputThatHasNoAnswer() {
    IllegalArgumentException single = assertThrows(IllegalArgumentException.class,
        () -> Metrics.rocAuc(new double[] {1, 1, NAN}, new double[] {0.2, 0.3, 0.4}));
    assertTrue(single.getMessage().contains("one class"), single.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Metrics.averagePrecision(new double[] {0, 0}, new double[] {1, 2}));
    assertThrows(IllegalArgumentException.class, () -> Metrics.rocAuc(new double[] {0, 2}, new double[] {1, 2}));
    assertThrows(IllegalArgumentException.class, () -> Metrics.rocAuc(new double[] {0, 1}, new double[] {1}));
    IllegalArgumentException nanScore = assertThrows(IllegalArgumentException.class,
        () -> Metrics.pearson(new double[] {0, 1, 2}, new double[] {1, NAN, 3}));
    assertTrue(nanScore.getMessage().contains("score 1 is NaN"), nanScore.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Metrics.pearson(new double[] {1}, new double[] {1}));
    assertThrows(IllegalArgumentException.class, () -> Metrics.mse(new double[] {NAN}, new double[] {1}));
    assertThrows(IllegalArgumentException.class, () -> Metrics.mse(new double[0], new double[0]));
  }

  @Test
  void averageRanksMatchScipyRankdata() {
    // scipy.stats.rankdata([3, 1, 4, 1, 5, 9, 2, 6, 5]) = [4, 1.5, 5, 1.5, 6.5, 9, 3, 8, 6.5]
    assertEquals(Arrays.toString(new double[] {4, 1.5, 5, 1.5, 6.5, 9, 3, 8, 6.5}),
        Arrays.toString(Ranks.average(new double[] {3, 1, 4, 1, 5, 9, 2, 6, 5})));
  }

  @Test
  void scalesToMillionsOfItemsWithHeavyTies() {
    int n = 2_000_000;
    SplittableRandom random = new SplittableRandom(1);
    double[] labels = new double[n];
    double[] scores = new double[n];
    for (int i = 0; i < n; i++) {
      labels[i] = random.nextInt(2);
      scores[i] = i % 3 == 0 ? 0.5 : random.nextDouble();
    }
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
      double auc = Metrics.rocAuc(labels, scores);
      double ap = Metrics.averagePrecision(labels, scores);
      assertEquals(0.5, auc, 0.01);
      assertEquals(0.5, ap, 0.01);
    });
  }
}
