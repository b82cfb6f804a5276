package io.seqbind.trainer.jobs;

import io.seqbind.trainer.data.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * Whether a job's data can be held in this server's memory, decided from the files' sizes before a byte is
 * read: a training set lives in the heap as strings (about a byte per base), and a file far larger than the
 * heap (a genome-sized FASTA, a device such as /dev/zero) must be refused with a message, not end the
 * service with an OutOfMemoryError. The estimate is deliberately rough; it only has to catch what cannot fit.
 */
final class DataBudget {

  /** How much a gzip file grows when read: DeepBind's .seq.gz tables compress about 3.5 to 1. */
  static final int GZIP_GROWTH = 5;
  /** Bytes of heap per byte of text read: the records' strings, their labels and the copies made for batches. */
  static final int HEAP_PER_BYTE = 3;

  private DataBudget() {}

  /** @throws InvalidJobException TOO_LARGE when the estimate exceeds half of {@code maxHeap} */
  static void check(DataSource source, String role, long maxHeap) throws InvalidJobException {
    long text = 0;
    for (Path file : Arrays.asList(source.input(), source.labels())) {
      if (file == null) {
        continue;
      }
      if (!Files.isRegularFile(file)) {
        throw new InvalidJobException(file + ": not a regular file (the " + role + " data), expected a file",
            file.toString(), 0, null);
      }
      text += size(file);
    }
    long needed = text * HEAP_PER_BYTE;
    if (needed > maxHeap / 2) {
      throw new InvalidJobException(InvalidJobException.Kind.TOO_LARGE, "the " + role + " data (" + mib(text)
          + " MiB of text) needs about " + mib(needed) + " MiB of memory; this server has " + mib(maxHeap / 2)
          + " MiB for data (give the trainer more memory, or train on fewer or shorter sequences)",
          Objects.toString(source.input()), 0, null);
    }
  }

  /** The file's size as text: gzip files by their expected growth. */
  private static long size(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
      long bytes = Files.size(file);
      return gzip ? bytes * GZIP_GROWTH : bytes;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static long mib(long bytes) {
    return (bytes + (1 << 20) - 1) >> 20;
  }
}
