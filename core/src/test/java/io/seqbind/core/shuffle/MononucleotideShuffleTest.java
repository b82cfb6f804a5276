package io.seqbind.core.shuffle;

import static io.seqbind.core.shuffle.ShuffleAssertions.chiSquareUniform;
import static io.seqbind.core.shuffle.ShuffleAssertions.composition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MononucleotideShuffleTest {

  private final MononucleotideShuffle shuffle = new MononucleotideShuffle();

  @Test
  void keepsCompositionAndIsDeterministic() {
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 1000; i++) {
      StringBuilder b = new StringBuilder();
      int length = random.nextInt(120);
      for (int j = 0; j < length; j++) {
        b.append("ACGTN".charAt(random.nextInt(5)));
      }
      String s = b.toString();
      String t = shuffle.shuffle(s, i);
      assertEquals(composition(s), composition(t), s);
      assertEquals(t, shuffle.shuffle(s, i));
    }
    String longSeq = "ACGT".repeat(30);
    assertNotEquals(shuffle.shuffle(longSeq, 1), shuffle.shuffle(longSeq, 2));
  }

  @Test
  void uniformOverDistinctPermutations() {
    // "AACG" has 4!/2! = 12 distinct arrangements; chi2.ppf(0.999, 11) = 31.264133620239985 (SciPy 1.10.1).
    SplittableRandom random = new SplittableRandom(8);
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < 24_000; i++) {
      counts.merge(shuffle.shuffle("AACG", random), 1, Integer::sum);
    }
    assertEquals(12, counts.size());
    double stat = chiSquareUniform(counts, 12, 24_000);
    assertTrue(stat < 31.264133620239985, "chi-square " + stat);
  }
}
