package io.seqbind.core.io;

/**
 * A problem in an input file that the person who made the file can fix: it says which file, which
 * 1-based line (0 when no single line is to blame), what was wrong and what was expected. The message
 * reads {@code <file>:<line>: <what was wrong>, expected <what>} (without {@code :<line>} when the line is
 * 0), the form compilers use, so editors and people can jump to it. Unchecked, because readers are used
 * as iterators and streams.
 */
public final class InputFormatException extends RuntimeException {

  private final String file;
  private final long line;
  private final String problem;
  private final String expected;

  public InputFormatException(String file, long line, String problem, String expected) {
    this(file, line, problem, expected, null);
  }

  public InputFormatException(String file, long line, String problem, String expected, Throwable cause) {
    super(format(file, line, problem, expected), cause);
    this.file = file;
    this.line = line;
    this.problem = problem;
    this.expected = expected;
  }

  private static String format(String file, long line, String problem, String expected) {
    return file + (line > 0 ? ":" + line : "") + ": " + problem + ", expected " + expected;
  }

  /** The file as the caller named it. */
  public String file() {
    return file;
  }

  /** 1-based line number, 0 when not applicable. */
  public long line() {
    return line;
  }

  /** What was wrong, without file and line. */
  public String problem() {
    return problem;
  }

  /** What was expected instead. */
  public String expected() {
    return expected;
  }
}
