package io.seqbind.core.bundle;

/**
 * A model bundle that cannot be used as it is: a manifest that does not parse or a model.onnx whose size or
 * sha256 differs from the manifest (a partial copy, a file edited in place). Services answer it with
 * FAILED_PRECONDITION: the request is fine, the store is not.
 */
public final class BundleException extends RuntimeException {

  public BundleException(String message) {
    super(message);
  }

  public BundleException(String message, Throwable cause) {
    super(message, cause);
  }
}
