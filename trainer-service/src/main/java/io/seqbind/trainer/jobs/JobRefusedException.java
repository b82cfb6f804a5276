package io.seqbind.trainer.jobs;

import io.grpc.Status;

/**
 * A request the job queue will not carry out, with the reason a caller needs. Each reason names its gRPC
 * status code here, in this one place: the gRPC layer answers with it, and a job that fails while it runs
 * records it as its JobError.code.
 */
public final class JobRefusedException extends Exception {

  /** Why the request was refused, and the status code that says so. */
  public enum Reason {
    /** The request or the job's data is wrong. */
    INVALID(Status.Code.INVALID_ARGUMENT),
    /** No job with that id (or none the caller may see), or no data file at a path the job names. */
    NOT_FOUND(Status.Code.NOT_FOUND),
    /** The queue holds as many waiting jobs as it may. */
    QUEUE_FULL(Status.Code.RESOURCE_EXHAUSTED),
    /** An upload larger than the server accepts per job, or data larger than its memory. */
    TOO_LARGE(Status.Code.RESOURCE_EXHAUSTED),
    /** An upload beyond the caller's byte quota or the free disk. */
    OVER_QUOTA(Status.Code.RESOURCE_EXHAUSTED),
    /** An uploaded file's size or sha256 differs from what its header announced. */
    CORRUPT_UPLOAD(Status.Code.DATA_LOSS),
    /** The job is in a state that does not allow the request, e.g. cancelling a finished job. */
    WRONG_STATE(Status.Code.FAILED_PRECONDITION),
    /** The job asks for a device (GPU, OpenCL) this server does not have. */
    DEVICE_ABSENT(Status.Code.FAILED_PRECONDITION),
    /** The queue is shutting down. */
    SHUTTING_DOWN(Status.Code.UNAVAILABLE),
    /** A queued or running job already trains the model name and version this one names. */
    MODEL_TAKEN(Status.Code.ALREADY_EXISTS);

    private final Status.Code code;

    Reason(Status.Code code) {
      this.code = code;
    }

    public Status.Code code() {
      return code;
    }

    /** The reason a job spec the runner refused is refused for. */
    static Reason of(InvalidJobException.Kind kind) {
      return switch (kind) {
        case WRONG -> INVALID;
        case MISSING_FILE -> NOT_FOUND;
        case DEVICE_ABSENT -> DEVICE_ABSENT;
        case TOO_LARGE -> TOO_LARGE;
      };
    }
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

  /** The refusal of a spec the runner found wrong, with the file and line in the message. */
  static JobRefusedException of(InvalidJobException e) {
    return new JobRefusedException(Reason.of(e.kind()), describe(e), e);
  }

  /** The runner's message with its file and line in front, unless it names the file already. */
  static String describe(InvalidJobException e) {
    if (e.file().isEmpty()) {
      return e.getMessage();
    }
    String where = e.line() > 0 ? e.file() + ":" + e.line() : e.file();
    return e.getMessage().contains(e.file()) ? e.getMessage() : where + ": " + e.getMessage();
  }

  public Reason reason() {
    return reason;
  }
}
