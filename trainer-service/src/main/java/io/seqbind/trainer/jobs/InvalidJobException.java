package io.seqbind.trainer.jobs;

/**
 * A job whose data or settings are wrong (INVALID_ARGUMENT), or whose data file does not exist (NOT_FOUND), with
 * the file and line when there is one.
 */
public final class InvalidJobException extends Exception {

  private final String file;
  private final long line;
  private final boolean missingFile;

  public InvalidJobException(String message, String file, long line, Throwable cause) {
    this(message, file, line, cause, false);
  }

  private InvalidJobException(String message, String file, long line, Throwable cause, boolean missingFile) {
    super(message, cause);
    this.file = file == null ? "" : file;
    this.line = line;
    this.missingFile = missingFile;
  }

  /** A file the job names that the server cannot find. */
  public static InvalidJobException missingFile(String message, String file) {
    return new InvalidJobException(message, file, 0, null, true);
  }

  /** Whether the problem is a missing file rather than a wrong one (NOT_FOUND, not INVALID_ARGUMENT). */
  public boolean missingFile() {
    return missingFile;
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
