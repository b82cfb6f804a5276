package io.seqbind.core.io;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads a text file line by line, plain or gzip (including bgzip), counting lines so every reader can say
 * where a problem is. Compression is detected from the gzip magic bytes, not the name: a plain file named
 * {@code .gz} is read as plain text, a gzip file with any name is decompressed. A truncated or corrupt gzip
 * stream becomes an {@link InputFormatException} naming the last line read, instead of a bare
 * {@code EOFException}. Windows line endings are accepted (the reader splits on CR, LF and CRLF).
 */
public final class LineSource implements AutoCloseable {

  private static final int BUFFER = 1 << 16;

  private final String file;
  private final BufferedReader reader;
  private final boolean gzip;
  private long lineNumber;

  private LineSource(String file, BufferedReader reader, boolean gzip) {
    this.file = file;
    this.reader = reader;
    this.gzip = gzip;
  }

  /**
   * Opens {@code path}.
   *
   * @throws InputFormatException if the file does not exist
   * @throws UncheckedIOException on other I/O errors
   */
  public static LineSource open(Path path) {
    String name = path.toString();
    InputStream raw = null;
    try {
      raw = new BufferedInputStream(Files.newInputStream(path), BUFFER);
      raw.mark(2);
      int b0 = raw.read();
      int b1 = raw.read();
      raw.reset();
      boolean gzip = b0 == 0x1f && b1 == 0x8b;
      InputStream in = gzip ? new GZIPInputStream(raw, BUFFER) : raw;
      return new LineSource(name,
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), BUFFER), gzip);
    } catch (NoSuchFileException e) {
      throw new InputFormatException(name, 0, "no such file", "an existing readable file");
    } catch (EOFException | ZipException e) {
      closeQuietly(raw);
      throw new InputFormatException(name, 0, "truncated or corrupt gzip header",
          "a complete gzip file (or plain text)", e);
    } catch (IOException e) {
      closeQuietly(raw);
      throw new UncheckedIOException("cannot read " + name + ": " + e.getMessage(), e);
    }
  }

  /** The next line without its line terminator, or null at the end of the file. */
  public String next() {
    try {
      String line = reader.readLine();
      if (line != null) {
        lineNumber++;
      }
      return line;
    } catch (EOFException e) {
      throw new InputFormatException(file, lineNumber, "truncated gzip stream",
          "the rest of the compressed file", e);
    } catch (ZipException e) {
      throw new InputFormatException(file, lineNumber, "corrupt gzip data (" + e.getMessage() + ")",
          "a valid gzip file", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + " after line " + lineNumber + ": "
          + e.getMessage(), e);
    }
  }

  /** 1-based number of the line last returned by {@link #next()} (0 before the first). */
  public long lineNumber() {
    return lineNumber;
  }

  /** The file as the caller named it, for messages. */
  public String file() {
    return file;
  }

  public boolean isGzip() {
    return gzip;
  }

  /** An error at the current line. */
  public InputFormatException error(String problem, String expected) {
    return new InputFormatException(file, lineNumber, problem, expected);
  }

  @Override
  public void close() {
    try {
      reader.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close " + file, e);
    }
  }

  private static void closeQuietly(InputStream in) {
    if (in != null) {
      try {
        in.close();
      } catch (IOException ignored) {
        // the original error is the one worth reporting
      }
    }
  }
}
