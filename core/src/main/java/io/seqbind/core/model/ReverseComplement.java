package io.seqbind.core.model;

/**
 * Whether the model scores both strands (DeepBind): the reverse complement runs through the same weights
 * and the two output scores are combined per task by max or mean.
 */
public enum ReverseComplement {
  OFF, MAX, MEAN
}
