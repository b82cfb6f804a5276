package io.seqbind.trainer.data;

/** Where a binary data set's negatives come from. */
public enum Negatives {
  /** Dinucleotide shuffles when the data holds positives only (DeepBind's ChIP-seq protocol), else none. */
  AUTO,
  /** One dinucleotide shuffle of every positive, labelled 0; records labelled 0 in the input are dropped. */
  SHUFFLE,
  /** The input's own labels only. */
  NONE
}
