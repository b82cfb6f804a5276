package io.seqbind.core.split;

import io.seqbind.core.seq.LabeledSequence;
import io.seqbind.core.shuffle.DinucleotideShuffle;
import io.seqbind.core.shuffle.SequenceShuffler;
import io.seqbind.core.shuffle.ShuffledNegatives;
import java.util.ArrayList;
import java.util.List;

/**
 * DeepBind's ENCODE protocol (Alipanahi et al. 2015, Supplementary Notes sec. 3 and 6.1): the training
 * file ({@code *_AC.seq}) holds 101-bp positive peaks only (every Bound label is 1), and the negatives are
 * dinucleotide shuffles of the positives; the test file ({@code *_B.seq}) already holds its 500 top peaks
 * and 500 shuffled negatives and is used as it is.
 *
 * <p>The training set is every record whose (single) label is 1, each followed by its shuffles labelled
 * 0, with ids {@code <id>_shuf1}, {@code <id>_shuf2}, ... (see {@link ShuffledNegatives}). Records labelled
 * 0 in the training file are dropped: the protocol makes its own negatives, and keeping foreign ones would
 * change the class balance silently. In the published AC files there are none.
 */
public final class DeepBindProtocol {

  /** DeepBind uses one shuffle per positive. */
  public static final int DEFAULT_SHUFFLES_PER_POSITIVE = 1;

  private DeepBindProtocol() {}

  /** Positives plus one dinucleotide shuffle of each. */
  public static List<LabeledSequence> trainingSet(List<LabeledSequence> acRecords, long seed) {
    return trainingSet(acRecords, DEFAULT_SHUFFLES_PER_POSITIVE, seed);
  }

  /** Positives plus {@code shufflesPerPositive} dinucleotide shuffles of each, seeded. */
  public static List<LabeledSequence> trainingSet(
      List<LabeledSequence> acRecords, int shufflesPerPositive, long seed) {
    return trainingSet(acRecords, shufflesPerPositive, seed, new DinucleotideShuffle());
  }

  /** As {@link #trainingSet(List, int, long)} with another background model (e.g. a control experiment). */
  public static List<LabeledSequence> trainingSet(
      List<LabeledSequence> acRecords, int shufflesPerPositive, long seed, SequenceShuffler shuffler) {
    if (shufflesPerPositive < 1) {
      throw new IllegalArgumentException("shuffles per positive must be >= 1, got " + shufflesPerPositive);
    }
    List<LabeledSequence> positives = positives(acRecords);
    List<LabeledSequence> out = new ArrayList<>(positives.size() * (1 + shufflesPerPositive));
    for (int i = 0; i < positives.size(); i++) {
      LabeledSequence p = positives.get(i);
      out.add(p);
      out.addAll(ShuffledNegatives.forOne(p, i, shufflesPerPositive, seed, shuffler));
    }
    return out;
  }

  /**
   * The records labelled 1, in input order.
   *
   * @throws IllegalArgumentException if a record does not have exactly one label, a label is not 0 or 1,
   *     or no record is labelled 1
   */
  public static List<LabeledSequence> positives(List<LabeledSequence> acRecords) {
    List<LabeledSequence> positives = new ArrayList<>();
    for (int i = 0; i < acRecords.size(); i++) {
      LabeledSequence r = acRecords.get(i);
      if (r.taskCount() != 1) {
        throw new IllegalArgumentException("DeepBind training record " + i + " (" + r.id() + ") has "
            + r.taskCount() + " labels; the protocol is single-task (one Bound column)");
      }
      double label = r.label(0);
      if (label == 1.0) {
        positives.add(r);
      } else if (label != 0.0) {
        throw new IllegalArgumentException("DeepBind training record " + i + " (" + r.id()
            + ") has label " + label + "; expected Bound 1 (or 0, which is dropped)");
      }
    }
    if (positives.isEmpty()) {
      throw new IllegalArgumentException("no record labelled 1 among " + acRecords.size()
          + " training records; the DeepBind protocol needs positive peaks to shuffle");
    }
    return positives;
  }

  /** The held-out test set: the B file's records as they are (its negatives are already there). */
  public static List<LabeledSequence> testSet(List<LabeledSequence> bRecords) {
    return List.copyOf(bRecords);
  }
}
