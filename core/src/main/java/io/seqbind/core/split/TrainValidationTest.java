package io.seqbind.core.split;

import java.util.Arrays;

/**
 * A three-way split of item indices. The arrays are disjoint, ascending, and together hold every index of
 * the input exactly once.
 *
 * @param train      indices to fit on
 * @param validation indices for early stopping and model choice
 * @param test       indices looked at once, for the reported metrics
 */
public record TrainValidationTest(int[] train, int[] validation, int[] test) {

  public TrainValidationTest {
    train = train.clone();
    validation = validation.clone();
    test = test.clone();
  }

  @Override
  public int[] train() {
    return train.clone();
  }

  @Override
  public int[] validation() {
    return validation.clone();
  }

  @Override
  public int[] test() {
    return test.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TrainValidationTest other
        && Arrays.equals(train, other.train)
        && Arrays.equals(validation, other.validation)
        && Arrays.equals(test, other.test);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(train) + Arrays.hashCode(validation)) + Arrays.hashCode(test);
  }

  @Override
  public String toString() {
    return "TrainValidationTest[train=" + train.length + ", validation=" + validation.length
        + ", test=" + test.length + "]";
  }
}
