package io.seqbind.core.bundle;

/** No model in the store matches a reference (services answer NOT_FOUND). */
public final class ModelNotFoundException extends RuntimeException {

  public ModelNotFoundException(String message) {
    super(message);
  }
}
