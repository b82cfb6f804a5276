package io.seqbind.trainer.jobs;

import io.seqbind.proto.v1.Job;
import io.seqbind.proto.v1.JobPhase;
import io.seqbind.proto.v1.JobSpec;
import io.seqbind.proto.v1.UploadedFile;
import io.seqbind.trainer.jobs.JobRefusedException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * The trainer's job queue: accepts jobs ({@link JobAdmission}), runs them {@link Settings#concurrentJobs()} at
 * a time in submission order ({@link JobExecution}), and keeps every job on disk under
 * {@code <dataDir>/jobs/<id>/} so that a restarted server lists finished jobs as they were and resumes
 * unfinished ones ({@link JobReload}).
 *
 * <p>Jobs belong to the {@link Caller} who submitted them: another caller gets NOT_FOUND for them, with the
 * message of a job that does not exist, unless it is an admin. The methods without a caller act for
 * {@link Caller#anyone()} (no authentication: every job).
 */
public final class JobManager implements AutoCloseable {

  /**
   * How the queue behaves.
   *
   * @param concurrentJobs jobs that run at the same time (1 for one accelerator)
   * @param queueCapacity jobs that may wait in the queue; a submission beyond it is refused
   * @param maxUploadBytes the largest total size of one upload's files
   * @param progressPersistInterval how often progress (not phase changes, which are always written) reaches
   *     job.json; a restart loses at most this much of the progress display, never work (the runner's
   *     checkpoints hold that)
   * @param shutdownGrace how long {@link #close()} waits for a running job to stop
   * @param uploadQuotaBytes the bytes each principal's uploaded files (of its jobs on disk and its uploads in
   *     progress) may take; {@link Long#MAX_VALUE} for no quota
   */
  public record Settings(int concurrentJobs, int queueCapacity, long maxUploadBytes,
      Duration progressPersistInterval, Duration shutdownGrace, long uploadQuotaBytes) {

    public Settings {
      if (concurrentJobs < 1) {
        throw new IllegalArgumentException("concurrent jobs must be at least 1, got " + concurrentJobs);
      }
      if (queueCapacity < 0) {
        throw new IllegalArgumentException("queue capacity must be 0 or more, got " + queueCapacity);
      }
      if (maxUploadBytes < 0) {
        throw new IllegalArgumentException("max upload bytes must be 0 or more, got " + maxUploadBytes);
      }
      if (uploadQuotaBytes < 0) {
        throw new IllegalArgumentException("upload quota must be 0 or more bytes, got " + uploadQuotaBytes);
      }
    }

    /** Without an upload quota. */
    public Settings(int concurrentJobs, int queueCapacity, long maxUploadBytes, Duration progressPersistInterval,
        Duration shutdownGrace) {
      this(concurrentJobs, queueCapacity, maxUploadBytes, progressPersistInterval, shutdownGrace, Long.MAX_VALUE);
    }

    /** One job at a time, 8 waiting, uploads up to 16 GiB, progress written every 5 s, no upload quota. */
    public static Settings defaults() {
      return new Settings(1, 8, 16L << 30, Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    public Settings withQueueCapacity(int capacity) {
      return new Settings(concurrentJobs, capacity, maxUploadBytes, progressPersistInterval, shutdownGrace,
          uploadQuotaBytes);
    }

    public Settings withMaxUploadBytes(long bytes) {
      return new Settings(concurrentJobs, queueCapacity, bytes, progressPersistInterval, shutdownGrace,
          uploadQuotaBytes);
    }

    public Settings withUploadQuotaBytes(long bytes) {
      return new Settings(concurrentJobs, queueCapacity, maxUploadBytes, progressPersistInterval, shutdownGrace,
          bytes);
    }
  }

  /** Removes a watcher registered with {@link #watch}. */
  public interface Subscription extends AutoCloseable {
    @Override
    void close();
  }

  /** Newest first: by creation time, then by id (ids sort in creation order). */
  public static final Comparator<Job> NEWEST_FIRST = Comparator
      .comparing((Job j) -> j.getCreateTime().getSeconds())
      .thenComparing(j -> j.getCreateTime().getNanos())
      .thenComparing(Job::getId)
      .reversed();

  private static final System.Logger LOG = System.getLogger(JobManager.class.getName());

  private final Path dataDir;
  private final Settings settings;
  private final JobTable table = new JobTable();
  private final JobExecution execution;
  private final JobAdmission admission;

  public JobManager(Path dataDir, JobRunner runner) throws IOException {
    this(dataDir, runner, Settings.defaults());
  }

  /**
   * Loads the jobs under {@code <dataDir>/jobs} and resumes the unfinished ones.
   *
   * @throws IOException when the jobs directory cannot be listed
   */
  public JobManager(Path dataDir, JobRunner runner, Settings settings) throws IOException {
    this.dataDir = dataDir.toAbsolutePath();
    this.settings = settings;
    Path jobsDir = this.dataDir.resolve("jobs");
    this.execution = new JobExecution(table, runner, settings.concurrentJobs(), settings.shutdownGrace());
    this.admission = new JobAdmission(table, jobsDir, runner, settings, execution::start);
    JobReload.load(jobsDir, table, settings.progressPersistInterval()).forEach(execution::start);
  }

  public Path dataDir() {
    return dataDir;
  }

  public Settings settings() {
    return settings;
  }

  /** {@link #submit(JobSpec, String, Caller)} without authentication. */
  public Job submit(JobSpec spec, String requestId) throws JobRefusedException {
    return submit(spec, requestId, Caller.anyone());
  }

  /**
   * Checks the spec with {@link JobRunner#validate} and queues it as {@code caller}'s job; a repeated
   * {@code requestId} of the same caller returns the job the first request made.
   *
   * @param requestId the client's idempotency key, or ""
   * @throws JobRefusedException INVALID (the runner refused the spec), QUEUE_FULL, SHUTTING_DOWN
   */
  public Job submit(JobSpec spec, String requestId, Caller caller) throws JobRefusedException {
    return admission.submit(spec, requestId, caller);
  }

  /** {@link #beginUpload(JobSpec, List, String, Caller)} without authentication. */
  public UploadSession beginUpload(JobSpec spec, List<UploadedFile> files, String requestId)
      throws JobRefusedException {
    return beginUpload(spec, files, requestId, Caller.anyone());
  }

  /**
   * Starts an upload: checks the announced files against the per-job limit, the caller's quota and the free
   * disk, reserves a job directory and returns the session that receives the files and queues the job when
   * they are complete. A refusal leaves nothing on disk.
   *
   * @throws JobRefusedException INVALID (a bad file list), TOO_LARGE, OVER_QUOTA, QUEUE_FULL, SHUTTING_DOWN
   */
  public UploadSession beginUpload(JobSpec spec, List<UploadedFile> files, String requestId, Caller caller)
      throws JobRefusedException {
    return admission.beginUpload(spec, files, requestId, caller);
  }

  /** The job, as of now. */
  public Job get(String jobId) throws JobRefusedException {
    return get(jobId, Caller.anyone());
  }

  /** The job, as of now, when {@code caller} may see it; NOT_FOUND otherwise. */
  public Job get(String jobId, Caller caller) throws JobRefusedException {
    return table.find(jobId, caller).job();
  }

  /** Every job, newest first. */
  public List<Job> list() {
    return list(Caller.anyone());
  }

  /** The jobs {@code caller} may see, newest first. */
  public List<Job> list(Caller caller) {
    List<Job> snapshot = new ArrayList<>();
    for (TrackedJob job : table.all()) {
      if (caller.sees(job.owner)) {
        snapshot.add(job.job());
      }
    }
    snapshot.sort(NEWEST_FIRST);
    return snapshot;
  }

  public Job cancel(String jobId) throws JobRefusedException {
    return cancel(jobId, Caller.anyone());
  }

  /**
   * Cancels a job: a queued one ends CANCELLED at once; a running one is asked to stop (its runner sees
   * {@link JobContext#cancelled()}) and ends CANCELLED when it does. A cancelled job is returned unchanged.
   *
   * @throws JobRefusedException NOT_FOUND (also for a job {@code caller} may not see); WRONG_STATE when the job
   *     is DONE or FAILED
   */
  public Job cancel(String jobId, Caller caller) throws JobRefusedException {
    TrackedJob job = table.find(jobId, caller);
    synchronized (job) {
      JobPhase phase = job.phase();
      if (phase == JobPhase.JOB_PHASE_QUEUED) {
        job.finish(JobPhase.JOB_PHASE_CANCELLED, "cancelled while queued", b -> {});
      } else if (JobPhases.isRunning(phase)) {
        job.cancelRequested = true;
        try {
          // Survives a crash between the request and the runner's next step boundary.
          Files.writeString(job.dir.resolve(JobReload.CANCEL_MARKER), "");
        } catch (IOException e) {
          LOG.log(System.Logger.Level.WARNING, "job " + jobId + ": cannot record the cancel request", e);
        }
      } else if (phase != JobPhase.JOB_PHASE_CANCELLED) {
        throw new JobRefusedException(Reason.WRONG_STATE, "job " + jobId + " is already "
            + phase.name().substring("JOB_PHASE_".length()) + "; only queued or running jobs can be cancelled");
      }
      return job.job();
    }
  }

  public Subscription watch(String jobId, Consumer<Job> watcher) throws JobRefusedException {
    return watch(jobId, Caller.anyone(), watcher);
  }

  /**
   * Calls {@code watcher} with the job's current state at once and then after every change, in order, on the
   * thread that made the change, holding the job's lock: it must return quickly and not call the manager.
   *
   * @throws JobRefusedException NOT_FOUND, also for a job {@code caller} may not see
   */
  public Subscription watch(String jobId, Caller caller, Consumer<Job> watcher) throws JobRefusedException {
    TrackedJob job = table.find(jobId, caller);
    synchronized (job) {
      job.watchers.add(watcher);
      watcher.accept(job.job());
    }
    return () -> job.watchers.remove(watcher);
  }

  /**
   * Stops taking jobs, interrupts the running ones (their runners also see {@link JobContext#cancelled()})
   * and waits up to the shutdown grace for them to stop. Unfinished jobs stay on disk as they were and resume
   * when a manager is next built over the same data directory.
   */
  @Override
  public void close() {
    table.close(); // under the table's lock: no submission is admitted past this point
    execution.close();
  }
}
