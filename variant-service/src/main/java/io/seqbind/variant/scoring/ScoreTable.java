package io.seqbind.variant.scoring;

import io.seqbind.proto.v1.ItemError;
import java.util.Map;

/**
 * One model's raw scores for a list of sequences, flat row-major {@code [N, T]}: the combined score (the
 * model's reverse-complement mode applied) and each strand's score. A sequence the scorer could not score
 * has NaN rows and an entry in {@link #errors()}.
 */
public record ScoreTable(int rows, int tasks, float[] combined, float[] forward, float[] reverse,
    Map<Integer, ItemError> errors) {

  public float combined(int row, int task) {
    return combined[row * tasks + task];
  }

  public float forward(int row, int task) {
    return forward[row * tasks + task];
  }

  public float reverse(int row, int task) {
    return reverse[row * tasks + task];
  }

  /** The scorer's error for sequence {@code row}, or null when it was scored. */
  public ItemError error(int row) {
    return errors.get(row);
  }
}
