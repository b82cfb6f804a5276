package io.seqbind.core.model;

/** A model spec that cannot be built: the message names the layer index and field, or the unknown name. */
public final class InvalidSpecException extends IllegalArgumentException {

  public InvalidSpecException(String message) {
    super(message);
  }

  public InvalidSpecException(String message, Throwable cause) {
    super(message, cause);
  }

  static InvalidSpecException field(int layer, String kind, String field, String expected, Object got) {
    return new InvalidSpecException("layer " + layer + " (" + kind + "): " + field + " must be " + expected
        + ", got " + got);
  }
}
