package io.seqbind.core.model;

/**
 * What one sample looks like between layers: {@code channels x length}. Dense layers produce
 * {@code units x 1}, so one shape describes every stage.
 */
public record FeatureShape(int channels, int length) {

  public int size() {
    return channels * length;
  }
}
