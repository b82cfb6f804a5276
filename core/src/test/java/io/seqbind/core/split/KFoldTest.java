package io.seqbind.core.split;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KFoldTest {

  /** Every index held out exactly once; each fold's train part is exactly the complement of its held-out part. */
  static void assertPartition(List<Fold> folds, int n) {
    int[] heldOutTimes = new int[n];
    for (Fold f : folds) {
      boolean[] held = new boolean[n];
      for (int i : f.heldOut()) {
        heldOutTimes[i]++;
        held[i] = true;
      }
      int[] train = f.train();
      assertEquals(n - f.heldOut().length, train.length);
      for (int i = 0; i < train.length; i++) {
        assertFalse(held[train[i]], "index " + train[i] + " both trained on and held out in fold " + f.index());
        assertTrue(i == 0 || train[i - 1] < train[i], "train indices ascending and distinct");
      }
    }
    for (int i = 0; i < n; i++) {
      assertEquals(1, heldOutTimes[i], "index " + i + " held out once");
    }
  }

  @Test
  void partitionsExactlyWithSizesWithinOne() {
    for (int n : new int[] {2, 3, 10, 11, 97, 1000}) {
      for (int k : new int[] {2, 3, 5, 10}) {
        if (k > n) {
          continue;
        }
        List<Fold> folds = KFold.split(n, k, n * 31L + k);
        assertEquals(k, folds.size());
        assertPartition(folds, n);
        int min = folds.stream().mapToInt(f -> f.heldOut().length).min().orElseThrow();
        int max = folds.stream().mapToInt(f -> f.heldOut().length).max().orElseThrow();
        assertTrue(max - min <= 1, "fold sizes " + min + ".." + max);
      }
    }
  }

  @Test
  void deterministicForASeedAndDifferentAcrossSeeds() {
    assertArrayEquals(KFold.assign(500, 3, 7), KFold.assign(500, 3, 7));
    assertEquals(KFold.split(500, 3, 7), KFold.split(500, 3, 7));
    assertFalse(java.util.Arrays.equals(KFold.assign(500, 3, 7), KFold.assign(500, 3, 8)));
  }

  @Test
  void stratifiedKeepsClassCountsWithinOne() {
    SplittableRandom random = new SplittableRandom(1);
    for (int trial = 0; trial < 50; trial++) {
      int n = 5 + random.nextInt(400);
      double p = random.nextDouble() * 0.5;
      double[] labels = new double[n];
      for (int i = 0; i < n; i++) {
        labels[i] = random.nextDouble() < p ? 1.0 : 0.0;
      }
      int k = 2 + random.nextInt(Math.min(9, n - 1));
      List<Fold> folds = KFold.splitStratified(labels, k, trial);
      assertPartition(folds, n);
      int minPos = Integer.MAX_VALUE;
      int maxPos = 0;
      int minNeg = Integer.MAX_VALUE;
      int maxNeg = 0;
      for (Fold f : folds) {
        int pos = 0;
        for (int i : f.heldOut()) {
          pos += (int) labels[i];
        }
        int neg = f.heldOut().length - pos;
        minPos = Math.min(minPos, pos);
        maxPos = Math.max(maxPos, pos);
        minNeg = Math.min(minNeg, neg);
        maxNeg = Math.max(maxNeg, neg);
      }
      assertTrue(maxPos - minPos <= 1, "positives per fold " + minPos + ".." + maxPos);
      assertTrue(maxNeg - minNeg <= 1, "negatives per fold " + minNeg + ".." + maxNeg);
    }
  }

  @Test
  void handWorkedStratifiedExample() {
    // 4 positives, 8 negatives, 4 folds: each fold holds out exactly one positive and two negatives.
    double[] labels = {1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0};
    for (Fold f : KFold.splitStratified(labels, 4, 3)) {
      int pos = 0;
      for (int i : f.heldOut()) {
        pos += (int) labels[i];
      }
      assertEquals(1, pos);
      assertEquals(3, f.heldOut().length);
    }
  }

  @Test
  void rejectsBadArguments() {
    assertThrows(IllegalArgumentException.class, () -> KFold.split(5, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> KFold.split(5, 6, 0));
    assertThrows(IllegalArgumentException.class, () -> KFold.splitStratified(new double[] {0, 1, 0.5}, 2, 0));
    assertThrows(IllegalArgumentException.class, () -> KFold.splitStratified(new double[] {0, 1, Double.NaN}, 2, 0));
    assertThrows(IllegalArgumentException.class, () -> KFold.folds(new int[] {0, 2}, 2));
  }
}
