package io.seqbind.core.shuffle;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/** Counting helpers shared by the shuffle tests. */
final class ShuffleAssertions {

  private ShuffleAssertions() {}

  static Map<String, Integer> dinucleotides(String s) {
    Map<String, Integer> counts = new TreeMap<>();
    for (int i = 0; i + 1 < s.length(); i++) {
      counts.merge(s.substring(i, i + 2), 1, Integer::sum);
    }
    return counts;
  }

  static Map<Character, Integer> composition(String s) {
    Map<Character, Integer> counts = new HashMap<>();
    for (char c : s.toCharArray()) {
      counts.merge(c, 1, Integer::sum);
    }
    return counts;
  }

  /** Pearson's chi-square statistic of observed counts against equal expected counts. */
  static double chiSquareUniform(Map<String, Integer> observed, int categories, int samples) {
    double expected = (double) samples / categories;
    double stat = 0.0;
    int seen = 0;
    for (int count : observed.values()) {
      stat += (count - expected) * (count - expected) / expected;
      seen++;
    }
    // Categories never observed contribute (0 - expected)^2 / expected each.
    stat += (categories - seen) * expected;
    return stat;
  }
}
