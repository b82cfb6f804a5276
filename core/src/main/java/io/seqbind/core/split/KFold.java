package io.seqbind.core.split;

import io.seqbind.core.shuffle.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Seeded k-fold cross-validation, as used to calibrate hyperparameters (DeepBind: 3 folds per setting).
 * Fold sizes differ by at most one. The stratified form also keeps every fold's count of each class
 * within one of every other fold's, so a rare positive class is not missing from some folds by chance.
 *
 * <p>Method: the indices of each class (one class when not stratified) are permuted at random and dealt
 * to the folds round-robin, the second class continuing where the first stopped; fold numbers are then
 * relabelled by a random permutation so that no fold is systematically the larger one.
 */
public final class KFold {

  private KFold() {}

  /** The fold (0 .. k-1) of each of {@code n} items. */
  public static int[] assign(int n, int k, long seed) {
    checkK(n, k);
    return deal(n, k, Seeds.random(seed), Permutations.identity(n));
  }

  /**
   * The fold of each item, stratified by a binary label: every fold's number of 1s (and of 0s) is within
   * one of every other fold's.
   *
   * @throws IllegalArgumentException if a label is not 0 or 1 (NaN included)
   */
  public static int[] assignStratified(double[] labels, int k, long seed) {
    int n = labels.length;
    checkK(n, k);
    int positives = 0;
    for (int i = 0; i < n; i++) {
      if (labels[i] == 1.0) {
        positives++;
      } else if (labels[i] != 0.0) {
        throw new IllegalArgumentException(
            "stratified split needs binary labels 0 or 1; label " + i + " is " + labels[i]);
      }
    }
    int[] pos = new int[positives];
    int[] neg = new int[n - positives];
    int p = 0;
    int q = 0;
    for (int i = 0; i < n; i++) {
      if (labels[i] == 1.0) {
        pos[p++] = i;
      } else {
        neg[q++] = i;
      }
    }
    return deal(n, k, Seeds.random(seed), pos, neg);
  }

  /** The k folds of {@code n} items. */
  public static List<Fold> split(int n, int k, long seed) {
    return folds(assign(n, k, seed), k);
  }

  /** The k folds, stratified by a binary label (see {@link #assignStratified}). */
  public static List<Fold> splitStratified(double[] labels, int k, long seed) {
    return folds(assignStratified(labels, k, seed), k);
  }

  /** Folds from an assignment of items to folds 0 .. k-1. */
  public static List<Fold> folds(int[] assignment, int k) {
    int[] sizes = new int[k];
    for (int f : assignment) {
      if (f < 0 || f >= k) {
        throw new IllegalArgumentException("fold number " + f + " is outside 0.." + (k - 1));
      }
      sizes[f]++;
    }
    int n = assignment.length;
    List<Fold> folds = new ArrayList<>(k);
    for (int f = 0; f < k; f++) {
      int[] train = new int[n - sizes[f]];
      int[] heldOut = new int[sizes[f]];
      int t = 0;
      int h = 0;
      for (int i = 0; i < n; i++) {
        if (assignment[i] == f) {
          heldOut[h++] = i;
        } else {
          train[t++] = i;
        }
      }
      folds.add(new Fold(f, train, heldOut));
    }
    return folds;
  }

  private static int[] deal(int n, int k, RandomGenerator random, int[]... groups) {
    int[] relabel = Permutations.identity(k);
    Permutations.shuffle(relabel, random);
    int[] assignment = new int[n];
    int slot = 0;
    for (int[] group : groups) {
      Permutations.shuffle(group, random);
      for (int item : group) {
        assignment[item] = relabel[slot];
        slot = (slot + 1) % k;
      }
    }
    return assignment;
  }

  private static void checkK(int n, int k) {
    if (k < 2 || k > n) {
      throw new IllegalArgumentException("k-fold needs 2 <= k <= n; got k=" + k + " for n=" + n + " items");
    }
  }
}
