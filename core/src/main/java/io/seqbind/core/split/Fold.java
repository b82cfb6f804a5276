package io.seqbind.core.split;

import java.util.Arrays;

/**
 * One fold of a k-fold split: the indices to train on and the indices held out to evaluate on. The two
 * arrays are disjoint, ascending, and together hold every index of the input exactly once.
 *
 * @param index   which fold, 0-based
 * @param train   indices used for training in this fold
 * @param heldOut indices evaluated in this fold
 */
public record Fold(int index, int[] train, int[] heldOut) {

  public Fold {
    train = train.clone();
    heldOut = heldOut.clone();
  }

  @Override
  public int[] train() {
    return train.clone();
  }

  @Override
  public int[] heldOut() {
    return heldOut.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Fold other
        && index == other.index
        && Arrays.equals(train, other.train)
        && Arrays.equals(heldOut, other.heldOut);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * index + Arrays.hashCode(train)) + Arrays.hashCode(heldOut);
  }

  @Override
  public String toString() {
    return "Fold[" + index + ", train=" + train.length + ", heldOut=" + heldOut.length + "]";
  }
}
