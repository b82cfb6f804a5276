package io.seqbind.core.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Fills a directory under a temporary name beside the target and renames it into place, so a reader (a
 * scorer watching a model store) never sees half of it, and a failure leaves nothing behind.
 */
public final class AtomicDirectory {

  /** Fills the temporary directory it is handed. */
  @FunctionalInterface
  public interface Filler {
    void fill(Path dir) throws IOException;
  }

  private AtomicDirectory() {}

  /**
   * @throws java.nio.file.FileAlreadyExistsException when {@code target} exists and is not an empty directory:
   *     an output is never written over another
   */
  public static void write(Path target, Filler filler) throws IOException {
    Path absolute = target.toAbsolutePath();
    requireFresh(absolute);
    Path created = firstMissing(absolute.getParent()); // removed again if the write fails: nothing is left
    Files.createDirectories(absolute.getParent());
    Path tmp;
    try {
      tmp = Files.createTempDirectory(absolute.getParent(), "." + absolute.getFileName() + ".");
    } catch (IOException e) {
      removeEmpty(created, absolute.getParent());
      throw e;
    }
    PendingOutputs.add(tmp);
    // Shared with other users and services (a model store volume), not createTempDirectory's 0700.
    if (Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    boolean moved = false;
    try {
      filler.fill(tmp);
      Files.deleteIfExists(absolute); // an empty directory the caller made
      Files.move(tmp, absolute);
      moved = true;
    } finally {
      deleteTree(tmp);
      PendingOutputs.done(tmp);
      if (!moved) {
        removeEmpty(created, absolute.getParent());
      }
    }
  }

  /** The outermost ancestor of {@code dir} (or itself) that does not exist yet; null when it exists. */
  private static Path firstMissing(Path dir) {
    Path missing = null;
    for (Path p = dir; p != null && !Files.exists(p); p = p.getParent()) {
      missing = p;
    }
    return missing;
  }

  /** Removes the directories from {@code dir} up to {@code top} that this write created, while empty. */
  private static void removeEmpty(Path top, Path dir) {
    if (top == null) {
      return;
    }
    for (Path p = dir; p != null && p.startsWith(top); p = p.getParent()) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        return; // not empty (another writer's): it stays
      }
    }
  }

  public static void requireFresh(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      try (Stream<Path> entries = Files.list(dir)) {
        if (entries.findAny().isEmpty()) {
          return;
        }
      }
    }
    if (Files.exists(dir)) {
      throw new java.nio.file.FileAlreadyExistsException(dir + " already exists and is not an empty directory");
    }
  }

  /** Deletes a directory and its contents; nothing when it does not exist. */
  public static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
