package io.seqbind.cli;

import io.seqbind.core.io.AtomicDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The checks an output directory gets before any work starts, so a command that would fail to write its
 * result fails in its first second, not after minutes of training or scoring.
 */
final class OutputDirs {

  private OutputDirs() {}

  /**
   * {@code dir} must be absent or empty, and creatable: its nearest existing ancestor is a directory this
   * process can create entries in (probed for real; permission bits say nothing about /proc or a read-only
   * mount).
   */
  static void requireFresh(Path dir, String option) {
    Path absolute = dir.toAbsolutePath().normalize();
    try {
      AtomicDirectory.requireFresh(absolute);
    } catch (IOException e) {
      throw new IllegalArgumentException(option + " " + dir + " already exists and is not empty");
    }
    Path existing = absolute.getParent();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null || !Files.isDirectory(existing)) {
      throw new IllegalArgumentException(option + " " + dir + ": " + existing + " is not a directory, expected a"
          + " path whose parent is a directory");
    }
    try {
      Files.delete(Files.createTempDirectory(existing, ".seqbind-probe-"));
    } catch (IOException | UnsupportedOperationException e) {
      throw new IllegalArgumentException(option + " " + dir + ": cannot create files in " + existing
          + ", expected a writable directory");
    }
  }
}
