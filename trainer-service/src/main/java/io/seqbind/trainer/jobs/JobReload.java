package io.seqbind.trainer.jobs;

import io.seqbind.core.io.AtomicDirectory;
import io.seqbind.proto.v1.Job;
import io.seqbind.proto.v1.JobPhase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reloading the queue from disk when the trainer starts: finished jobs are listed as they were, unfinished
 * ones go back to QUEUED in their original order (their runner resumes from its checkpoints), a job whose
 * cancellation was requested before a crash ends CANCELLED, and an upload that never completed is removed.
 */
final class JobReload {

  private static final System.Logger LOG = System.getLogger(JobReload.class.getName());
  /** Written when a cancel is requested, so the request survives a crash before the runner's next step. */
  static final String CANCEL_MARKER = "cancel-requested";

  private JobReload() {}

  /** Adds every job under {@code jobsDir} to {@code table}; returns the unfinished ones, oldest first. */
  static List<TrackedJob> load(Path jobsDir, JobTable table, Duration persistInterval) throws IOException {
    if (!Files.isDirectory(jobsDir)) {
      return List.of(); // created with the first job, so a server that never trains leaves no trace
    }
    List<Path> dirs;
    try (Stream<Path> list = Files.list(jobsDir)) {
      dirs = list.filter(Files::isDirectory).sorted().toList();
    }
    List<TrackedJob> resumed = new ArrayList<>();
    for (Path dir : dirs) {
      if (!JobFiles.hasJob(dir)) {
        // An upload that never completed (the server stopped during it): nothing was queued.
        AtomicDirectory.deleteTree(dir);
        continue;
      }
      TrackedJob tracked;
      String requestId;
      try {
        tracked = new TrackedJob(dir.getFileName().toString(), dir, JobFiles.readOwner(dir), JobFiles.readJob(dir),
            persistInterval);
        requestId = JobFiles.readRequestId(dir);
      } catch (IOException e) {
        LOG.log(System.Logger.Level.WARNING, "skipping job directory " + dir + ": " + e.getMessage());
        continue;
      }
      table.add(tracked, requestId);
      JobPhase phase = tracked.phase();
      if (JobPhases.isTerminal(phase)) {
        continue;
      }
      if (Files.exists(dir.resolve(CANCEL_MARKER))) {
        tracked.finish(JobPhase.JOB_PHASE_CANCELLED, "cancelled", b -> {});
        continue;
      }
      String message = phase == JobPhase.JOB_PHASE_QUEUED ? "queued"
          : "queued again after a restart (was " + phase.name().substring("JOB_PHASE_".length()) + ")";
      tracked.update(b -> b.clearStartTime().setProgress(b.getProgress().toBuilder()
          .setPhase(JobPhase.JOB_PHASE_QUEUED).setMessage(message).clearEta()
          .setUpdateTime(TrackedJob.timestamp(Instant.now()))), true);
      resumed.add(tracked);
    }
    resumed.sort(Comparator.comparing(TrackedJob::job, JobManager.NEWEST_FIRST.reversed()));
    return resumed;
  }
}
