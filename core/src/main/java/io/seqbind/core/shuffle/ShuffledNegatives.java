package io.seqbind.core.shuffle;

import io.seqbind.core.seq.LabeledSequence;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Makes background records from positive ones: {@code k} shuffles of each positive, labelled 0 for every
 * task. This is how DeepBind-style training sets get their negatives when the data holds positives only.
 *
 * <p>The j-th shuffle (1-based) of the i-th positive (0-based position in the list) draws from its own
 * seed, {@link Seeds#derive(long, long...) Seeds.derive(seed, i, j)}: the result is reproducible for a
 * seed, and one record's negatives do not change when another record's length or content changes. Its id
 * is the positive's id with {@code _shuf<j>} appended.
 */
public final class ShuffledNegatives {

  private ShuffledNegatives() {}

  /** {@code perPositive} dinucleotide shuffles of each positive, in input order, copies grouped per positive. */
  public static List<LabeledSequence> of(List<LabeledSequence> positives, int perPositive, long seed) {
    return of(positives, perPositive, seed, new DinucleotideShuffle());
  }

  /** As {@link #of(List, int, long)}, with the shuffle of your choice. */
  public static List<LabeledSequence> of(
      List<LabeledSequence> positives, int perPositive, long seed, SequenceShuffler shuffler) {
    Objects.requireNonNull(shuffler, "shuffler");
    if (perPositive < 0) {
      throw new IllegalArgumentException("shuffles per positive must be >= 0, got " + perPositive);
    }
    List<LabeledSequence> out = new ArrayList<>(positives.size() * perPositive);
    for (int i = 0; i < positives.size(); i++) {
      out.addAll(forOne(positives.get(i), i, perPositive, seed, shuffler));
    }
    return out;
  }

  /** The negatives of the positive at position {@code index}: what {@link #of} makes for it. */
  public static List<LabeledSequence> forOne(
      LabeledSequence positive, int index, int perPositive, long seed, SequenceShuffler shuffler) {
    List<LabeledSequence> out = new ArrayList<>(perPositive);
    double[] zeros = new double[positive.taskCount()];
    for (int j = 1; j <= perPositive; j++) {
      String shuffled = shuffler.shuffle(positive.sequence(), Seeds.derive(seed, index, j));
      out.add(new LabeledSequence(positive.id() + "_shuf" + j, shuffled, zeros));
    }
    return out;
  }
}
