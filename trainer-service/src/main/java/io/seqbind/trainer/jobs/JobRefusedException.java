package io.seqbind.trainer.jobs;

/**
 * A request the job queue will not carry out, with the reason a caller needs to choose a status code. Kept
 * free of gRPC types so the queue can be used (and tested) without a server; the gRPC layer maps the reason.
 */
public final class JobRefusedException extends Exception {

  /** Why the request was refused. */
  public enum Reason {
    /** The request or the job's data is wrong (INVALID_ARGUMENT). */
    INVALID,
    /** No job with that id, or no data file at a path the job names (NOT_FOUND). */
    NOT_FOUND,
    /** The queue holds as many waiting jobs as it may (RESOURCE_EXHAUSTED). */
    QUEUE_FULL,
    /** An upload larger than the server accepts (RESOURCE_EXHAUSTED). */
    TOO_LARGE,
    /** An uploaded file's size or sha256 differs from what its header announced (DATA_LOSS). */
    CORRUPT_UPLOAD,
    /** The job is in a state that does not allow the request, e.g. cancelling a finished job (FAILED_PRECONDITION). */
    WRONG_STATE,
    /** The job asks for a device (GPU, OpenCL) this server does not have (FAILED_PRECONDITION). */
    DEVICE_ABSENT,
    /** The queue is shutting down (UNAVAILABLE). */
    SHUTTING_DOWN,
    /** A queued or running job already trains the model name and version this one names (ALREADY_EXISTS). */
    MODEL_TAKEN
  }

  private final Reason reason;

  public JobRefusedException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public JobRefusedException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
