package io.seqbind.core.split;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FractionSplitTest {

  private static void assertPartition(TrainValidationTest s, int n) {
    int[] seen = new int[n];
    for (int[] part : new int[][] {s.train(), s.validation(), s.test()}) {
      for (int i = 0; i < part.length; i++) {
        seen[part[i]]++;
        assertTrue(i == 0 || part[i - 1] < part[i], "ascending");
      }
    }
    for (int i = 0; i < n; i++) {
      assertEquals(1, seen[i], "index " + i + " in exactly one part");
    }
  }

  @Test
  void sizesFollowLargestRemainderAndPartitionExactly() {
    TrainValidationTest s = FractionSplit.split(10, 0.8, 0.1, 0.1, 1);
    assertEquals(8, s.train().length);
    assertEquals(1, s.validation().length);
    assertEquals(1, s.test().length);
    assertPartition(s, 10);

    // 7 * (0.5, 0.25, 0.25) = (3.5, 1.75, 1.75): floors (3, 1, 1), the two largest remainders get +1.
    TrainValidationTest t = FractionSplit.split(7, 0.5, 0.25, 0.25, 1);
    assertArrayEquals(new int[] {3, 2, 2}, new int[] {t.train().length, t.validation().length, t.test().length});
    assertPartition(t, 7);

    for (int n = 0; n < 60; n++) {
      assertPartition(FractionSplit.split(n, 0.7, 0.2, 0.1, n), n);
      assertPartition(FractionSplit.split(n, 1.0 / 3, 1.0 / 3, 1.0 / 3, n), n);
    }
    assertEquals(0, FractionSplit.split(5, 1.0, 0.0, 0.0, 3).test().length);
  }

  @Test
  void deterministicForASeed() {
    assertEquals(FractionSplit.split(1000, 0.8, 0.1, 0.1, 5), FractionSplit.split(1000, 0.8, 0.1, 0.1, 5));
    assertNotEquals(FractionSplit.split(1000, 0.8, 0.1, 0.1, 5), FractionSplit.split(1000, 0.8, 0.1, 0.1, 6));
  }

  @Test
  void rejectsFractionsThatDoNotSumToOne() {
    assertThrows(IllegalArgumentException.class, () -> FractionSplit.split(10, 0.8, 0.1, 0.2, 0));
    assertThrows(IllegalArgumentException.class, () -> FractionSplit.split(10, -0.1, 0.6, 0.5, 0));
    assertThrows(IllegalArgumentException.class, () -> FractionSplit.split(10, Double.NaN, 0.5, 0.5, 0));
    assertThrows(IllegalArgumentException.class, () -> FractionSplit.split(-1, 0.8, 0.1, 0.1, 0));
  }
}
