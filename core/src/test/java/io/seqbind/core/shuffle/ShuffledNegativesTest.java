package io.seqbind.core.shuffle;

import static io.seqbind.core.shuffle.ShuffleAssertions.dinucleotides;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.seqbind.core.seq.LabeledSequence;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShuffledNegativesTest {

  private static final String LONG_A = "ACGTTGCAAGTCCGATAGGCTTACGATCGATCGGATCCAGTAGCTAGCTAGGCATCGATCGA";
  private static final String LONG_B = "TTGACCGTAGCTAGGCTAGCATCGATGCATGCGGCGTATCGATCGACTAGCGGGATCAA";

  @Test
  void makesKLabelledZeroCopiesPerPositiveWithSuffixedIds() {
    List<LabeledSequence> positives = List.of(
        LabeledSequence.of("p1", LONG_A, 1.0), LabeledSequence.of("p2", LONG_B, 1.0));
    List<LabeledSequence> negatives = ShuffledNegatives.of(positives, 3, 42);
    assertEquals(6, negatives.size());
    assertEquals(List.of("p1_shuf1", "p1_shuf2", "p1_shuf3", "p2_shuf1", "p2_shuf2", "p2_shuf3"),
        negatives.stream().map(LabeledSequence::id).toList());
    for (int i = 0; i < 6; i++) {
      LabeledSequence n = negatives.get(i);
      assertArrayEquals(new double[] {0.0}, n.labels());
      assertEquals(dinucleotides(positives.get(i / 3).sequence()), dinucleotides(n.sequence()));
    }
    // Distinct sub-seeds: the copies of one positive differ.
    assertNotEquals(negatives.get(0).sequence(), negatives.get(1).sequence());
    assertNotEquals(negatives.get(1).sequence(), negatives.get(2).sequence());
    assertEquals(negatives, ShuffledNegatives.of(positives, 3, 42));
    assertNotEquals(negatives, ShuffledNegatives.of(positives, 3, 43));
  }

  @Test
  void oneRecordsNegativesDoNotDependOnAnotherRecord() {
    List<LabeledSequence> a = List.of(LabeledSequence.of("p1", LONG_A, 1.0), LabeledSequence.of("p2", LONG_B, 1.0));
    List<LabeledSequence> b = new ArrayList<>(a);
    b.set(0, LabeledSequence.of("p1", LONG_A + "ACGTTT", 1.0));
    assertEquals(ShuffledNegatives.of(a, 2, 7).subList(2, 4), ShuffledNegatives.of(b, 2, 7).subList(2, 4));
  }

  @Test
  void multiTaskPositivesGetZeroForEveryTaskAndCustomShufflerIsUsed() {
    LabeledSequence p = new LabeledSequence("m", LONG_A, new double[] {1.0, Double.NaN, 0.5});
    List<LabeledSequence> n = ShuffledNegatives.of(List.of(p), 1, 1, new MononucleotideShuffle());
    assertArrayEquals(new double[] {0.0, 0.0, 0.0}, n.get(0).labels());
    assertEquals(new MononucleotideShuffle().shuffle(LONG_A, Seeds.derive(1, 0, 1)), n.get(0).sequence());
    assertThrows(IllegalArgumentException.class, () -> ShuffledNegatives.of(List.of(p), -1, 1));
  }
}
