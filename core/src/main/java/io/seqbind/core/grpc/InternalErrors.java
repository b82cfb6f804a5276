package io.seqbind.core.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.FileSystemException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one way a service reports a failure that is not the caller's: a short message with a reference, while
 * the exception (its message names server paths, its stack trace the code) goes to the server's log under
 * the same reference. A remote caller learns that the service failed, the file system's reason where there
 * is one (a full disk), and what to quote to its operator; never the server's directories.
 */
public final class InternalErrors {

  private static final Logger LOG = Logger.getLogger(InternalErrors.class.getName());

  private InternalErrors() {}

  /** Logs {@code error}; returns INTERNAL with {@link #describe}'s message. */
  public static StatusRuntimeException status(String service, Throwable error) {
    return Status.INTERNAL.withDescription(describe(service, error)).withCause(error).asRuntimeException();
  }

  /**
   * Logs {@code error} and returns what a caller may read of it, e.g. {@code the trainer failed: No space left
   * on device (reference 0a1b2c3d; the server's log has the details)}; {@code service} names the service.
   */
  public static String describe(String service, Throwable error) {
    String reference = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    LOG.log(Level.WARNING, service + " failed (reference " + reference + ")", error);
    String reason = fileSystemReason(error);
    return service + " failed" + (reason == null ? "" : ": " + reason) + " (reference " + reference
        + "; the server's log has the details)";
  }

  /**
   * The reason of an I/O error in the cause chain, without paths: FileSystemException keeps its reason apart
   * from its paths, and a bare IOException from a stream's write carries the system's message alone ("No space
   * left on device"); any other message may name a path and is not shown.
   */
  private static String fileSystemReason(Throwable error) {
    for (Throwable e = error; e != null; e = e.getCause()) {
      if (e instanceof FileSystemException fs && fs.getReason() != null) {
        return fs.getReason();
      }
      if (e.getClass() == java.io.IOException.class && e.getMessage() != null && !e.getMessage().contains("/")) {
        return e.getMessage();
      }
    }
    return null;
  }
}
