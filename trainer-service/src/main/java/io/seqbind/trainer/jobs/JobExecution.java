package io.seqbind.trainer.jobs;

import io.grpc.Status;
import io.seqbind.core.concurrent.DaemonThreads;
import io.seqbind.core.grpc.InternalErrors;
import io.seqbind.proto.v1.JobError;
import io.seqbind.proto.v1.JobPhase;
import io.seqbind.proto.v1.JobProgress;
import io.seqbind.proto.v1.JobSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Running jobs: a pool of {@code concurrentJobs} threads takes queued jobs in order, runs each through the
 * {@link JobRunner} and moves it to DONE, FAILED or CANCELLED; a job stopped by a shutdown stays on disk as
 * it was, to resume on the next start.
 */
final class JobExecution implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(JobExecution.class.getName());

  private final JobTable table;
  private final JobRunner runner;
  private final Duration shutdownGrace;
  // Daemon threads: a job that ignores interruption must not keep the process alive after close().
  private final ExecutorService executor;

  JobExecution(JobTable table, JobRunner runner, int concurrentJobs, Duration shutdownGrace) {
    this.table = table;
    this.runner = runner;
    this.shutdownGrace = shutdownGrace;
    this.executor = Executors.newFixedThreadPool(concurrentJobs, DaemonThreads.named("seqbind-job"));
  }

  /** Queues the job to run when a thread is free. */
  void start(TrackedJob job) {
    executor.execute(() -> run(job));
  }

  private void run(TrackedJob job) {
    JobSpec spec;
    synchronized (job) {
      if (table.closing() || job.phase() != JobPhase.JOB_PHASE_QUEUED) {
        return; // cancelled while queued, or shutting down (it stays queued on disk)
      }
      Instant now = Instant.now();
      job.update(b -> b.setStartTime(TrackedJob.timestamp(now)).setProgress(b.getProgress().toBuilder()
          .setPhase(JobPhase.JOB_PHASE_PREPARING).setMessage("started").setUpdateTime(TrackedJob.timestamp(now))),
          true);
      spec = job.job().getSpec();
    }
    try {
      Path work = Files.createDirectories(job.dir.resolve(JobFiles.WORK));
      String modelId = runner.run(spec, work, new Context(job));
      if (modelId == null || modelId.isEmpty()) {
        throw new IllegalStateException("the runner finished without naming a model");
      }
      job.finish(JobPhase.JOB_PHASE_DONE, "done", b -> b.setModelId(modelId)
          .setProgress(b.getProgress().toBuilder().setFractionDone(1).clearEta()));
    } catch (Throwable e) {
      if (table.closing() && !job.cancelRequested) {
        suspend(job);
      } else if (e instanceof JobCancelledException) {
        job.finish(JobPhase.JOB_PHASE_CANCELLED, "cancelled", b -> {});
      } else if (e instanceof InvalidJobException invalid) {
        String message = JobRefusedException.describe(invalid);
        job.finish(JobPhase.JOB_PHASE_FAILED, message, b -> b.setError(JobError.newBuilder()
            .setCode(JobRefusedException.Reason.of(invalid.kind()).code().value()).setMessage(message)
            .setFile(invalid.file()).setLine(invalid.line())));
      } else {
        String message = failure(job, e);
        job.finish(JobPhase.JOB_PHASE_FAILED, message,
            b -> b.setError(JobError.newBuilder().setCode(Status.Code.INTERNAL.value()).setMessage(message)));
      }
    }
  }

  /**
   * What a job that failed unexpectedly says. Every client may read a job's error: an I/O error's message names
   * the server's paths, so it goes to the log and the job says only the file system's reason (InternalErrors);
   * the engine's own messages stay.
   */
  private static String failure(TrackedJob job, Throwable e) {
    if (e instanceof java.io.IOException || e instanceof java.io.UncheckedIOException) {
      return InternalErrors.describe("job " + job.id, e);
    }
    LOG.log(System.Logger.Level.ERROR, "job " + job.id + " failed", e);
    return e.getMessage() == null ? e.getClass().getName() : e.getMessage();
  }

  /** Writes the interrupted job's latest state; it is resumed when a manager next loads the data dir. */
  private static void suspend(TrackedJob job) {
    job.update(b -> b.setProgress(b.getProgress().toBuilder()
        .setMessage("interrupted by a shutdown; resumes on the next start")), true);
  }

  /** Interrupts the running jobs and waits up to the shutdown grace for them to stop. */
  @Override
  public void close() {
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(shutdownGrace.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.log(System.Logger.Level.WARNING, "a training job did not stop within " + shutdownGrace
            + "; it resumes from its last checkpoint on the next start");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** What the runner of one job sees. */
  private final class Context implements JobContext {

    private final TrackedJob job;

    Context(TrackedJob job) {
      this.job = job;
    }

    @Override
    public void progress(JobProgress progress) {
      synchronized (job) {
        JobPhase current = job.phase();
        if (!JobPhases.isRunning(current)) {
          return; // the job already ended; a late report must not revive it
        }
        // The runner may only move between the running phases; the queue owns the others.
        JobPhase phase = JobPhases.isRunning(progress.getPhase()) ? progress.getPhase() : current;
        JobProgress stamped = progress.toBuilder()
            .setPhase(phase)
            .setFractionDone(Math.max(0, Math.min(1, progress.getFractionDone())))
            .setUpdateTime(TrackedJob.timestamp(Instant.now()))
            .build();
        job.update(b -> b.setProgress(stamped), phase != current);
      }
    }

    @Override
    public boolean cancelled() {
      return job.cancelRequested || table.closing();
    }
  }
}
