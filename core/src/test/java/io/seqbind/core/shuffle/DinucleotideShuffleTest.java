package io.seqbind.core.shuffle;

import static io.seqbind.core.shuffle.ShuffleAssertions.chiSquareUniform;
import static io.seqbind.core.shuffle.ShuffleAssertions.dinucleotides;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class DinucleotideShuffleTest {

  private final DinucleotideShuffle shuffle = new DinucleotideShuffle();

  /** Random sequences over several alphabets (with N and lower case), plus the awkward shapes. */
  private static List<String> corpus() {
    List<String> seqs = new ArrayList<>(List.of("", "A", "N", "AC", "ACG", "AAA", "AAAAAAA", "ACACACAC",
        "ACACACA", "NNNNANNN", "GATTACA", "acgtACGT", "ACGTNNNNNNACGT", "TTTTTTTTTTTTTTTTTTTTG"));
    String[] alphabets = {"ACGT", "ACGTN", "AC", "AT", "ACGTacgtN", "ACGU"};
    SplittableRandom random = new SplittableRandom(12345);
    for (int i = 0; i < 1200; i++) {
      String alphabet = alphabets[i % alphabets.length];
      int length = i < 300 ? 1 + random.nextInt(3) : random.nextInt(150);
      StringBuilder b = new StringBuilder(length);
      for (int j = 0; j < length; j++) {
        b.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      seqs.add(b.toString());
    }
    return seqs;
  }

  @Test
  void keepsDinucleotidesFirstAndLastSymbolOnEverySequence() {
    long seed = 0;
    for (String s : corpus()) {
      String t = shuffle.shuffle(s, seed++);
      assertEquals(s.length(), t.length(), s);
      assertEquals(dinucleotides(s), dinucleotides(t), () -> s + " -> " + t);
      if (!s.isEmpty()) {
        assertEquals(s.charAt(0), t.charAt(0), s);
        assertEquals(s.charAt(s.length() - 1), t.charAt(t.length() - 1), s);
      }
    }
  }

  @Test
  void shortSequencesAndSingleLetterRunsComeBackUnchanged() {
    for (String s : List.of("", "A", "AC", "NA", "AAAAAAA", "NNNNNNNNNN")) {
      for (long seed = 0; seed < 20; seed++) {
        assertEquals(s, shuffle.shuffle(s, seed));
      }
    }
    // An alternation has exactly one valid shuffle: itself.
    assertEquals("ACACACA", shuffle.shuffle("ACACACA", 7));
  }

  @Test
  void sameSeedSameOutputDifferentSeedUsuallyDifferent() {
    int compared = 0;
    int different = 0;
    for (String s : corpus()) {
      assertEquals(shuffle.shuffle(s, 99), shuffle.shuffle(s, 99), s);
      assertEquals(shuffle.shuffle(s, new SplittableRandom(5)), shuffle.shuffle(s, new SplittableRandom(5)), s);
      if (s.length() >= 60 && s.chars().distinct().count() >= 4) {
        compared++;
        if (!shuffle.shuffle(s, 1).equals(shuffle.shuffle(s, 2))) {
          different++;
        }
      }
    }
    assertTrue(compared > 300, "corpus has enough long sequences: " + compared);
    assertTrue(different >= compared * 0.98, different + " of " + compared + " differ between seeds 1 and 2");
  }

  @Test
  void uniformOverAllValidShufflesOfAcgtSequence() {
    // 54 valid shuffles; chi-square critical value for 53 degrees of freedom at p = 0.001,
    // from /usr/bin/python3 -c "from scipy.stats import chi2; print(chi2.ppf(0.999, 53))" (SciPy 1.10.1).
    assertUniform("CAACACCGTGAA", 54, 54_000, 90.5734123052986, shuffle);
  }

  @Test
  void uniformOverAllValidShufflesWithNAsASymbol() {
    // 18 valid shuffles; chi2.ppf(0.999, 17) = 40.79021670690253 (SciPy 1.10.1).
    assertUniform("ANNACANTAN", 18, 36_000, 40.79021670690253, shuffle);
  }

  @Test
  void uniformityCheckRejectsAPlausiblyBiasedShuffle() {
    // The same algorithm but with the walk choosing among distinct next symbols instead of among edges:
    // every output is still a valid shuffle, yet the distribution is far from uniform. The test above
    // must be able to tell.
    SequenceShuffler biased = ShuffleAssertionsBiased::shuffle;
    Map<String, Integer> counts = sample("CAACACCGTGAA", 54_000, biased);
    assertEquals(54, counts.size());
    double stat = chiSquareUniform(counts, 54, 54_000);
    assertTrue(stat > 90.5734123052986 * 10, "biased shuffle should fail badly, chi-square " + stat);
  }

  private void assertUniform(String s, int expectedCount, int samples, double critical, SequenceShuffler shuffler) {
    TreeSet<String> valid = bruteForceValidShuffles(s);
    assertEquals(expectedCount, valid.size(), "brute-force count of valid shuffles of " + s);
    Map<String, Integer> counts = sample(s, samples, shuffler);
    TreeSet<String> missing = new TreeSet<>(valid);
    missing.removeAll(counts.keySet());
    TreeSet<String> invalid = new TreeSet<>(counts.keySet());
    invalid.removeAll(valid);
    assertTrue(missing.isEmpty() && invalid.isEmpty(),
        "every valid shuffle appears and nothing else; never drawn: " + missing + ", not valid: " + invalid);
    double stat = chiSquareUniform(counts, valid.size(), samples);
    assertTrue(stat < critical, "chi-square " + stat + " >= critical " + critical + " for " + s);
  }

  private static Map<String, Integer> sample(String s, int samples, SequenceShuffler shuffler) {
    RandomGenerator random = new SplittableRandom(2024);
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < samples; i++) {
      counts.merge(shuffler.shuffle(s, random), 1, Integer::sum);
    }
    return counts;
  }

  /** All distinct permutations of s with its first symbol and dinucleotide multiset (independent of the algorithm). */
  static TreeSet<String> bruteForceValidShuffles(String s) {
    TreeMap<Character, Integer> remaining = new TreeMap<>(ShuffleAssertions.composition(s));
    TreeSet<String> out = new TreeSet<>();
    Map<String, Integer> target = dinucleotides(s);
    permute(new StringBuilder(), remaining, s.length(), perm -> {
      if (perm.charAt(0) == s.charAt(0) && dinucleotides(perm).equals(target)) {
        out.add(perm);
      }
    });
    return out;
  }

  private static void permute(StringBuilder prefix, TreeMap<Character, Integer> remaining, int length,
      java.util.function.Consumer<String> sink) {
    if (prefix.length() == length) {
      sink.accept(prefix.toString());
      return;
    }
    for (Map.Entry<Character, Integer> e : remaining.entrySet()) {
      if (e.getValue() == 0) {
        continue;
      }
      e.setValue(e.getValue() - 1);
      prefix.append(e.getKey());
      permute(prefix, remaining, length, sink);
      prefix.setLength(prefix.length() - 1);
      e.setValue(e.getValue() + 1);
    }
  }
}
