package io.seqbind.scorer.score;

import io.seqbind.proto.v1.ItemError;

/** ScoreOptions.strict and a sequence has a problem: the whole request fails with INVALID_ARGUMENT. */
public final class StrictModeException extends IllegalArgumentException {

  private final transient ItemError error;

  public StrictModeException(ItemError error) {
    super(error.getMessage() + " (strict mode: the request fails on the first bad sequence)");
    this.error = error;
  }

  public ItemError error() {
    return error;
  }
}
