package io.seqbind.trainer.jobs;

/**
 * A job that cannot run as specified, with the file and line when there is one: its data or settings are
 * wrong (INVALID_ARGUMENT), a data file it names does not exist (NOT_FOUND), or the device it asks for is
 * absent (FAILED_PRECONDITION).
 */
public final class InvalidJobException extends Exception {

  /** What is wrong, which decides the status code. */
  public enum Kind {
    /** The data or the settings. */
    WRONG,
    /** A data file the job names is not there. */
    MISSING_FILE,
    /** The job asks for a GPU or OpenCL device this server does not have. */
    DEVICE_ABSENT,
    /** The data would not fit this server's memory. */
    TOO_LARGE
  }

  private final String file;
  private final long line;
  private final Kind kind;

  public InvalidJobException(String message, String file, long line, Throwable cause) {
    this(Kind.WRONG, message, file, line, cause);
  }

  public InvalidJobException(String message) {
    this(message, "", 0, null);
  }

  public InvalidJobException(Kind kind, String message, String file, long line, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.file = file == null ? "" : file;
    this.line = line;
  }

  public Kind kind() {
    return kind;
  }

  /** The file the problem is in, or "". */
  public String file() {
    return file;
  }

  /** The 1-based line in {@link #file()}, or 0. */
  public long line() {
    return line;
  }
}
