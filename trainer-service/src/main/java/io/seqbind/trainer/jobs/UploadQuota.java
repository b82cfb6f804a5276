package io.seqbind.trainer.jobs;

import io.seqbind.trainer.jobs.JobRefusedException.Reason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * What an upload may take: the caller's byte quota (the uploaded files of its jobs still on disk, plus its
 * uploads in progress) and the free disk. Checked from the sizes an upload's header declares, before a byte
 * is written; a session then never writes more than it declared (UploadSession refuses the excess), so the
 * reservation holds while it streams.
 */
final class UploadQuota {

  private final JobTable table;
  private final Path jobsDir;
  private final long quotaBytes;
  // Bytes reserved by uploads in progress, by owner ("" without authentication).
  private final Map<String, Long> inFlight = new HashMap<>();

  /** @param quotaBytes bytes each principal's uploads may hold; {@link Long#MAX_VALUE} for no quota */
  UploadQuota(JobTable table, Path jobsDir, long quotaBytes) {
    this.table = table;
    this.jobsDir = jobsDir;
    this.quotaBytes = quotaBytes;
  }

  /**
   * Reserves {@code bytes} for an upload by {@code caller}; {@link #release} gives them back when the upload
   * ends (its files, if it was queued, then count as the job's).
   *
   * @throws JobRefusedException OVER_QUOTA naming the quota and the usage, or the free disk
   */
  synchronized void reserve(Caller caller, long bytes) throws JobRefusedException {
    if (quotaBytes != Long.MAX_VALUE) {
      long used = stored(caller.principal()) + inFlight.getOrDefault(key(caller.principal()), 0L);
      if (bytes > quotaBytes - used) {
        throw new JobRefusedException(Reason.OVER_QUOTA, "the upload declares " + bytes + " bytes but "
            + caller.accountName() + " has used " + used + " of its upload quota of " + quotaBytes + " bytes"
            + " (seqbind.trainer.upload-quota-bytes, seqbind serve --upload-quota); the uploaded data of old jobs"
            + " counts until the operator removes their job directories");
      }
    }
    long free = freeBytes();
    long reserved = inFlight.values().stream().mapToLong(Long::longValue).sum();
    if (bytes > free - reserved) {
      throw new JobRefusedException(Reason.OVER_QUOTA, "the upload declares " + bytes + " bytes but the trainer's"
          + " disk has " + Math.max(0, free - reserved) + " bytes free for uploads; upload less or ask the operator"
          + " for space");
    }
    inFlight.merge(key(caller.principal()), bytes, Long::sum);
  }

  synchronized void release(Caller caller, long bytes) {
    inFlight.computeIfPresent(key(caller.principal()), (k, v) -> v - bytes <= 0 ? null : v - bytes);
  }

  /** The bytes of the uploaded files of {@code owner}'s jobs on disk. */
  private long stored(String owner) {
    long total = 0;
    for (TrackedJob job : table.all()) {
      if (Objects.equals(job.owner, owner)) {
        total += size(job.dir.resolve(JobFiles.UPLOAD));
      }
    }
    return total;
  }

  private static long size(Path dir) {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> {
        try {
          return Files.size(f);
        } catch (IOException e) {
          return 0; // removed meanwhile
        }
      }).sum();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the uploads in " + dir, e);
    }
  }

  private long freeBytes() {
    try {
      Path existing = jobsDir;
      while (existing != null && !Files.exists(existing)) {
        existing = existing.getParent(); // the jobs directory is created with the first job
      }
      return Files.getFileStore(existing == null ? Path.of("") : existing).getUsableSpace();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the free space of " + jobsDir, e);
    }
  }

  private static String key(String owner) {
    return owner == null ? "" : owner;
  }
}
