package io.seqbind.trainer.jobs;

/** A job whose data or settings are wrong (INVALID_ARGUMENT), with the file and line when there is one. */
public final class InvalidJobException extends Exception {

  private final String file;
  private final long line;

  public InvalidJobException(String message, String file, long line, Throwable cause) {
    super(message, cause);
    this.file = file == null ? "" : file;
    this.line = line;
  }

  public InvalidJobException(String message) {
    this(message, "", 0, null);
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
