package io.seqbind.core.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a file under a temporary name in the target's directory and renames it into place, so a reader
 * never sees a half-written output and a failed write leaves nothing behind. Names ending in {@code .gz}
 * are gzip-compressed.
 */
public final class AtomicFiles {

  /** The body of a write: fills the stream it is handed. */
  @FunctionalInterface
  public interface StreamBody {
    void writeTo(OutputStream out) throws IOException;
  }

  /** The body of a text write: fills the UTF-8 writer it is handed. */
  @FunctionalInterface
  public interface TextBody {
    void writeTo(Writer out) throws IOException;
  }

  private AtomicFiles() {}

  public static void write(Path target, StreamBody body) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
    PendingOutputs.add(tmp);
    // createTempFile makes the file owner-only (0600); outputs are shared with other users and services
    // (a model store volume, Galaxy, Nextflow work dirs), so they get the usual 0644.
    if (Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
    }
    try {
      try (OutputStream raw = Files.newOutputStream(tmp);
          OutputStream out = isGzip(target) ? new GZIPOutputStream(raw, 1 << 16) : raw) {
        body.writeTo(out);
      }
      try {
        Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
      PendingOutputs.done(tmp);
    }
  }

  public static void writeText(Path target, TextBody body) throws IOException {
    write(target, out -> {
      Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
      body.writeTo(writer);
      writer.flush();
    });
  }

  static boolean isGzip(Path path) {
    return path.getFileName().toString().endsWith(".gz");
  }
}
