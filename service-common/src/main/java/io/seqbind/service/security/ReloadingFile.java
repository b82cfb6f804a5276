package io.seqbind.service.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * A value read from a file and read again when the file changes (modification time or size), looked at no more
 * often than once per period. A Kubernetes Secret mounted as a volume is replaced in place when the Secret
 * changes, so tokens rotate without a restart. A file that cannot be read or parsed later keeps the last good
 * value (and says so in the log); the first read must succeed, so a bad file stops the service at start.
 */
final class ReloadingFile<T> {

  private static final Logger LOG = Logger.getLogger(ReloadingFile.class);

  private final Path file;
  private final Function<Path, T> parse;
  private final long periodNanos;
  private volatile T value;
  private volatile String stamp;
  private volatile long nextCheck;

  ReloadingFile(Path file, Function<Path, T> parse, Duration period) {
    this.file = file;
    this.parse = parse;
    this.periodNanos = period.toNanos();
    this.stamp = stamp();
    this.value = parse.apply(file);
    this.nextCheck = System.nanoTime() + periodNanos;
  }

  /** The current value, re-read first when the period has passed and the file has changed. */
  T get() {
    long now = System.nanoTime();
    if (now - nextCheck >= 0) {
      synchronized (this) {
        if (now - nextCheck >= 0) {
          nextCheck = now + periodNanos;
          reloadIfChanged();
        }
      }
    }
    return value;
  }

  private void reloadIfChanged() {
    try {
      String now = stamp();
      if (!now.equals(stamp)) {
        value = parse.apply(file);
        stamp = now;
        LOG.infof("seqbind: re-read %s", file);
      }
    } catch (RuntimeException e) {
      LOG.warnf("seqbind: keeping the previous contents of %s: %s", file, e.getMessage());
    }
  }

  private String stamp() {
    try {
      return Files.getLastModifiedTime(file) + "/" + Files.size(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot read " + file, e);
    }
  }
}
