package io.seqbind.core.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

/** Writes the small plain, gzip and truncated-gzip files the reader tests read. */
final class TestFiles {

  private TestFiles() {}

  static Path text(Path file, String content) {
    try {
      return Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] gzipBytes(String content) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
        gz.write(content.getBytes(StandardCharsets.UTF_8));
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path gzip(Path file, String content) {
    try {
      return Files.write(file, gzipBytes(content));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A gzip file with its last {@code cut} bytes removed, as an interrupted download leaves it. */
  static Path truncatedGzip(Path file, String content, int cut) {
    byte[] full = gzipBytes(content);
    try {
      return Files.write(file, Arrays.copyOf(full, full.length - cut));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deterministic pseudo-random bases, so compressed test files are not trivially small. */
  static String bases(int n, long seed) {
    StringBuilder sb = new StringBuilder(n);
    long x = seed;
    for (int i = 0; i < n; i++) {
      x = x * 6364136223846793005L + 1442695040888963407L;
      sb.append("ACGT".charAt((int) (x >>> 62)));
    }
    return sb.toString();
  }
}
