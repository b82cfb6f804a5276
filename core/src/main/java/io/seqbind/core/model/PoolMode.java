package io.seqbind.core.model;

/** Global pooling over positions. {@code MAX_AVG} concatenates the max and the mean channels, as DeepBind. */
public enum PoolMode {
  MAX, AVG, MAX_AVG
}
