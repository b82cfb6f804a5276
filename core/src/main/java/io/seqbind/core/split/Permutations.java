package io.seqbind.core.split;

import java.util.random.RandomGenerator;

/** Fisher–Yates on index arrays, shared by the splitters so both permute the same way. */
final class Permutations {

  private Permutations() {}

  static int[] identity(int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    return a;
  }

  static void shuffle(int[] a, RandomGenerator random) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
