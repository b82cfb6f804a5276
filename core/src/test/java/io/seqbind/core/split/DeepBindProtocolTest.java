package io.seqbind.core.split;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqbind.core.seq.LabeledSequence;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class DeepBindProtocolTest {

  /** Like an AC file: 101-bp positives, every label 1. */
  private static List<LabeledSequence> positives(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<LabeledSequence> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      StringBuilder b = new StringBuilder();
      for (int j = 0; j < 101; j++) {
        b.append("ACGT".charAt(random.nextInt(4)));
      }
      out.add(LabeledSequence.of(String.format("seq_%05d_peak", i), b.toString(), 1.0));
    }
    return out;
  }

  private static Map<String, Integer> dinucleotides(String s) {
    Map<String, Integer> counts = new TreeMap<>();
    for (int i = 0; i + 1 < s.length(); i++) {
      counts.merge(s.substring(i, i + 2), 1, Integer::sum);
    }
    return counts;
  }

  @Test
  void trainingSetIsPositivesEachFollowedByOneDinucleotideShuffle() {
    List<LabeledSequence> ac = positives(25, 1);
    List<LabeledSequence> train = DeepBindProtocol.trainingSet(ac, 11);
    assertEquals(50, train.size());
    for (int i = 0; i < 25; i++) {
      LabeledSequence pos = train.get(2 * i);
      LabeledSequence neg = train.get(2 * i + 1);
      assertSame(ac.get(i), pos);
      assertEquals(1.0, pos.label(0));
      assertEquals(0.0, neg.label(0));
      assertEquals(pos.id() + "_shuf1", neg.id());
      assertEquals(dinucleotides(pos.sequence()), dinucleotides(neg.sequence()));
      assertEquals(pos.sequence().charAt(0), neg.sequence().charAt(0));
      assertNotEquals(pos.sequence(), neg.sequence());
    }
    assertEquals(train, DeepBindProtocol.trainingSet(ac, 11));
    assertNotEquals(train, DeepBindProtocol.trainingSet(ac, 12));
  }

  @Test
  void configurableShufflesPerPositive() {
    List<LabeledSequence> train = DeepBindProtocol.trainingSet(positives(10, 2), 3, 5);
    assertEquals(40, train.size());
    assertEquals(10, train.stream().filter(r -> r.label(0) == 1.0).count());
    assertEquals(30, train.stream().filter(r -> r.label(0) == 0.0).count());
    assertEquals(List.of("seq_00000_peak", "seq_00000_peak_shuf1", "seq_00000_peak_shuf2", "seq_00000_peak_shuf3"),
        train.subList(0, 4).stream().map(LabeledSequence::id).toList());
    // Same seed, different shuffler: proves the shuffler argument is the one used.
    List<LabeledSequence> mono = DeepBindProtocol.trainingSet(positives(10, 2), 3, 5,
        (s, r) -> new StringBuilder(s).reverse().toString());
    assertEquals(new StringBuilder(mono.get(0).sequence()).reverse().toString(), mono.get(1).sequence());
  }

  @Test
  void recordsLabelledZeroAreDroppedAndOnlyPositivesShuffled() {
    List<LabeledSequence> ac = new ArrayList<>(positives(6, 3));
    ac.add(2, LabeledSequence.of("foreign_negative", "ACGTACGTAC", 0.0));
    List<LabeledSequence> train = DeepBindProtocol.trainingSet(ac, 1);
    assertEquals(12, train.size());
    assertTrue(train.stream().noneMatch(r -> r.id().startsWith("foreign_negative")));
    assertEquals(6, DeepBindProtocol.positives(ac).size());
  }

  @Test
  void rejectsDataTheProtocolCannotUse() {
    assertThrows(IllegalArgumentException.class,
        () -> DeepBindProtocol.trainingSet(List.of(LabeledSequence.of("n", "ACGT", 0.0)), 1));
    assertThrows(IllegalArgumentException.class, () -> DeepBindProtocol.trainingSet(List.of(), 1));
    assertThrows(IllegalArgumentException.class, () -> DeepBindProtocol.trainingSet(
        List.of(new LabeledSequence("m", "ACGT", new double[] {1, 0})), 1));
    assertThrows(IllegalArgumentException.class,
        () -> DeepBindProtocol.trainingSet(List.of(LabeledSequence.of("h", "ACGT", 0.5)), 1));
    assertThrows(IllegalArgumentException.class, () -> DeepBindProtocol.trainingSet(positives(2, 1), 0, 1));
  }

  @Test
  void testSetIsTheBFileAsIs() {
    List<LabeledSequence> b = new ArrayList<>(positives(3, 4));
    b.add(LabeledSequence.of("seq_00004_shuf", "ACGTTT", 0.0));
    assertEquals(b, DeepBindProtocol.testSet(b));
  }
}
