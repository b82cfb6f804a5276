package io.seqbind.core.io;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
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
 *
 * <p>Lines are cut in the file's bytes and each is decoded as UTF-8 once (malformed bytes become U+FFFD, as
 * through a Reader). CR and LF bytes never occur inside a multi-byte UTF-8 character, so cutting first is
 * exact; it spares the char buffer in between, which made a Reader's decoding most of a FASTA file's reading
 * time, and an ASCII line becomes a compact string straight from its bytes.
 */
public final class LineSource implements AutoCloseable {

  private static final int BUFFER = 1 << 16;

  /**
   * The longest line any reader accepts, in bytes (characters, for the ASCII every format here is written in):
   * far beyond a sequence window or a table row, and small enough that a file with no line breaks cannot
   * exhaust the heap.
   */
  public static final int MAX_LINE_CHARS = 1 << 25;

  private final String file;
  private final InputStream in;
  private final boolean gzip;
  private final int maxLineChars;
  private final byte[] buffer = new byte[BUFFER];
  /** The start of a line that runs past the end of the buffer, while its end is read. */
  private byte[] carry = new byte[256];
  private int carried;
  private int pos;
  private int limit;
  private boolean skipLf; // the last buffer ended in CR: a LF that starts the next one belongs to it
  private long lineNumber;

  private LineSource(String file, InputStream in, boolean gzip, int maxLineChars) {
    this.file = file;
    this.in = in;
    this.gzip = gzip;
    this.maxLineChars = maxLineChars;
  }

  /**
   * Opens {@code path}.
   *
   * @throws InputFormatException if the file does not exist
   * @throws UncheckedIOException on other I/O errors
   */
  public static LineSource open(Path path) {
    return open(path, MAX_LINE_CHARS);
  }

  /** Opens {@code path} with a smaller line bound (tests, and readers of short records). */
  public static LineSource open(Path path, int maxLineChars) {
    String name = path.toString();
    if (Files.isDirectory(path)) {
      throw new InputFormatException(name, 0, "is a directory", "a file");
    }
    InputStream raw = null;
    try {
      raw = new BufferedInputStream(Files.newInputStream(path), BUFFER);
      raw.mark(2);
      int b0 = raw.read();
      int b1 = raw.read();
      raw.reset();
      boolean gzip = b0 == 0x1f && b1 == 0x8b;
      InputStream in = gzip ? new GZIPInputStream(raw, BUFFER) : raw;
      return new LineSource(name, in, gzip, maxLineChars);
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

  /**
   * The next line without its line terminator, or null at the end of the file.
   *
   * @throws InputFormatException when the line is longer than {@link #MAX_LINE_CHARS} (a binary file, or a
   *     device such as /dev/zero that never ends a line, must not fill the heap)
   */
  public String next() {
    try {
      String line = readLine();
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

  /** BufferedReader.readLine with a bound: CR, LF and CRLF end a line. */
  private String readLine() throws IOException {
    carried = 0;
    boolean any = false; // bytes of this line seen (it may also be empty and end the file)
    while (true) {
      if (pos >= limit) {
        limit = in.read(buffer, 0, buffer.length);
        pos = 0;
        if (limit <= 0) {
          limit = 0;
          return any ? decode(carry, 0, carried) : null;
        }
        if (skipLf && buffer[0] == '\n') {
          pos = 1;
        }
        skipLf = false;
        continue;
      }
      any = true;
      int start = pos;
      while (pos < limit && buffer[pos] != '\n' && buffer[pos] != '\r') {
        pos++;
      }
      if ((long) carried + pos - start > maxLineChars) {
        throw new InputFormatException(file, lineNumber + 1, "line longer than " + maxLineChars
            + " characters (a binary file?)", "text lines of at most " + maxLineChars + " characters");
      }
      if (pos < limit) {
        byte end = buffer[pos++];
        String text;
        if (carried == 0) {
          text = decode(buffer, start, pos - 1 - start);
        } else {
          keep(start, pos - 1 - start);
          text = decode(carry, 0, carried);
        }
        if (end == '\r') {
          if (pos < limit) {
            if (buffer[pos] == '\n') {
              pos++;
            }
          } else {
            skipLf = true;
          }
        }
        return text;
      }
      keep(start, pos - start);
    }
  }

  /** Appends buffer bytes to the line being carried over a refill. */
  private void keep(int from, int length) {
    if (carried + length > carry.length) {
      carry = java.util.Arrays.copyOf(carry, Math.max(carried + length, 2 * carry.length));
    }
    System.arraycopy(buffer, from, carry, carried, length);
    carried += length;
  }

  private static String decode(byte[] bytes, int from, int length) {
    return new String(bytes, from, length, StandardCharsets.UTF_8);
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
      in.close();
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
