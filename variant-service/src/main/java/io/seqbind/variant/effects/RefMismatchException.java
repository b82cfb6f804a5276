package io.seqbind.variant.effects;

/**
 * A record's REF differs from the reference genome under the ERROR policy. Scoring such a record would
 * describe a variant that is not the one in the file, so the run stops and names the record.
 */
public final class RefMismatchException extends IllegalArgumentException {

  private final long index;

  public RefMismatchException(long index, String message) {
    super(message);
    this.index = index;
  }

  /** 0-based index of the offending record. */
  public long index() {
    return index;
  }
}
