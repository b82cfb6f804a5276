package io.seqbind.trainer.jobs;

import com.google.protobuf.Timestamp;
import io.seqbind.core.grpc.InternalErrors;
import io.seqbind.core.io.AtomicDirectory;
import io.seqbind.proto.v1.Job;
import io.seqbind.proto.v1.JobError;
import io.seqbind.proto.v1.JobPhase;
import io.seqbind.proto.v1.JobProgress;
import io.seqbind.proto.v1.JobSpec;
import io.seqbind.proto.v1.UploadedFile;
import io.seqbind.trainer.jobs.JobRefusedException.Reason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The trainer's job queue: accepts jobs, runs them {@link Settings#concurrentJobs()} at a time in submission
 * order through a {@link JobRunner}, and keeps every job on disk under {@code <dataDir>/jobs/<id>/} so that a
 * restarted server lists finished jobs as they were and resumes unfinished ones (in their original order, in
 * the same work directory, where the runner finds its checkpoints).
 *
 * <p>Locking: the manager's monitor guards the job table and admission (capacity, idempotency keys); each
 * job's own monitor guards its state, its job.json and its watchers, so watchers see one job's updates in
 * order.
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
   */
  public record Settings(int concurrentJobs, int queueCapacity, long maxUploadBytes,
      Duration progressPersistInterval, Duration shutdownGrace) {

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
    }

    /** One job at a time, 8 waiting, uploads up to 16 GiB, progress written every 5 s. */
    public static Settings defaults() {
      return new Settings(1, 8, 16L << 30, Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    public Settings withQueueCapacity(int capacity) {
      return new Settings(concurrentJobs, capacity, maxUploadBytes, progressPersistInterval, shutdownGrace);
    }

    public Settings withMaxUploadBytes(long bytes) {
      return new Settings(concurrentJobs, queueCapacity, bytes, progressPersistInterval, shutdownGrace);
    }
  }

  /** Removes a watcher registered with {@link #watch}. */
  public interface Subscription extends AutoCloseable {
    @Override
    void close();
  }

  private static final System.Logger LOG = System.getLogger(JobManager.class.getName());
  private static final String CANCEL_MARKER = "cancel-requested";
  private static final DateTimeFormatter VERSION_FORMAT =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private final Path dataDir;
  private final Path jobsDir;
  private final JobRunner runner;
  private final Settings settings;
  private final ExecutorService executor;
  private final JobIds ids = new JobIds();
  private final Map<String, TrackedJob> jobs = new HashMap<>();
  private final Map<String, String> jobByRequestId = new HashMap<>();
  private volatile boolean closing;

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
    this.jobsDir = this.dataDir.resolve("jobs");
    this.runner = runner;
    this.settings = settings;
    AtomicInteger threads = new AtomicInteger();
    // Daemon threads: a job that ignores interruption must not keep the process alive after close().
    this.executor = Executors.newFixedThreadPool(settings.concurrentJobs(), task -> {
      Thread thread = new Thread(task, "seqbind-job-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    for (TrackedJob job : reload()) {
      executor.execute(() -> runJob(job));
    }
  }

  public Path dataDir() {
    return dataDir;
  }

  public Settings settings() {
    return settings;
  }

  /**
   * Checks the spec with {@link JobRunner#validate} and queues it; a repeated {@code requestId} returns the
   * job the first request made.
   *
   * @param requestId the client's idempotency key, or ""
   * @throws JobRefusedException INVALID (the runner refused the spec), QUEUE_FULL, SHUTTING_DOWN
   */
  public Job submit(JobSpec spec, String requestId) throws JobRefusedException {
    Job existing = jobForRequestId(requestId);
    if (existing != null) {
      return existing;
    }
    checkAdmission();
    validate(spec);
    return enqueue(spec, requestId, null);
  }

  /**
   * Starts an upload: checks the announced files, reserves a job directory and returns the session that
   * receives the files and queues the job when they are complete.
   *
   * @throws JobRefusedException INVALID (a bad file list), TOO_LARGE, QUEUE_FULL, SHUTTING_DOWN
   */
  public UploadSession beginUpload(JobSpec spec, List<UploadedFile> files, String requestId)
      throws JobRefusedException {
    UploadSession.checkHeader(spec, files, settings.maxUploadBytes());
    checkAdmission();
    String id = ids.next(System.currentTimeMillis());
    Path dir = jobsDir.resolve(id);
    try {
      Files.createDirectories(dir.resolve(JobFiles.UPLOAD));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the upload directory " + dir, e);
    }
    return new UploadSession(this, id, dir, spec, files, requestId);
  }

  /** Called by an upload whose files arrived intact; the spec's URIs already name the stored files. */
  Job submitUploaded(String reservedId, JobSpec spec, String requestId) throws JobRefusedException {
    Job existing = jobForRequestId(requestId);
    if (existing != null) {
      return existing;
    }
    validate(spec);
    return enqueue(spec, requestId, reservedId);
  }

  /** The job, as of now. */
  public Job get(String jobId) throws JobRefusedException {
    TrackedJob job = find(jobId);
    synchronized (job) {
      return job.job;
    }
  }

  /** Every job, newest first. */
  public List<Job> list() {
    List<TrackedJob> all;
    synchronized (this) {
      all = new ArrayList<>(jobs.values());
    }
    List<Job> snapshot = new ArrayList<>();
    for (TrackedJob job : all) {
      synchronized (job) {
        snapshot.add(job.job);
      }
    }
    snapshot.sort(NEWEST_FIRST);
    return snapshot;
  }

  /** Newest first: by creation time, then by id (ids sort in creation order). */
  public static final Comparator<Job> NEWEST_FIRST = Comparator
      .comparing((Job j) -> j.getCreateTime().getSeconds())
      .thenComparing(j -> j.getCreateTime().getNanos())
      .thenComparing(Job::getId)
      .reversed();

  /**
   * Cancels a job: a queued one ends CANCELLED at once; a running one is asked to stop (its runner sees
   * {@link JobContext#cancelled()}) and ends CANCELLED when it does. A cancelled job is returned unchanged.
   *
   * @throws JobRefusedException NOT_FOUND; WRONG_STATE when the job is DONE or FAILED
   */
  public Job cancel(String jobId) throws JobRefusedException {
    TrackedJob job = find(jobId);
    synchronized (job) {
      JobPhase phase = job.job.getProgress().getPhase();
      if (phase == JobPhase.JOB_PHASE_QUEUED) {
        finish(job, JobPhase.JOB_PHASE_CANCELLED, "cancelled while queued", b -> {});
      } else if (JobPhases.isRunning(phase)) {
        job.cancelRequested = true;
        try {
          // Survives a crash between the request and the runner's next step boundary.
          Files.writeString(job.dir.resolve(CANCEL_MARKER), "");
        } catch (IOException e) {
          LOG.log(System.Logger.Level.WARNING, "job " + jobId + ": cannot record the cancel request", e);
        }
      } else if (phase != JobPhase.JOB_PHASE_CANCELLED) {
        throw new JobRefusedException(Reason.WRONG_STATE, "job " + jobId + " is already "
            + phase.name().substring("JOB_PHASE_".length()) + "; only queued or running jobs can be cancelled");
      }
      return job.job;
    }
  }

  /**
   * Calls {@code watcher} with the job's current state at once and then after every change, in order, on the
   * thread that made the change, holding the job's lock: it must return quickly and not call the manager.
   */
  public Subscription watch(String jobId, Consumer<Job> watcher) throws JobRefusedException {
    TrackedJob job = find(jobId);
    synchronized (job) {
      job.watchers.add(watcher);
      watcher.accept(job.job);
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
    synchronized (this) {
      closing = true; // under the lock: no submission is admitted past this point
    }
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(settings.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.log(System.Logger.Level.WARNING, "a training job did not stop within " + settings.shutdownGrace()
            + "; it resumes from its last checkpoint on the next start");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- admission ----

  private synchronized Job jobForRequestId(String requestId) throws JobRefusedException {
    if (requestId == null || requestId.isEmpty()) {
      return null;
    }
    String id = jobByRequestId.get(requestId);
    return id == null ? null : get(id);
  }

  private synchronized void checkAdmission() throws JobRefusedException {
    if (closing) {
      throw new JobRefusedException(Reason.SHUTTING_DOWN, "the trainer is shutting down; submit the job again later");
    }
    long queued = jobs.values().stream()
        .filter(j -> j.phase() == JobPhase.JOB_PHASE_QUEUED).count();
    if (queued >= settings.queueCapacity()) {
      throw new JobRefusedException(Reason.QUEUE_FULL, "the job queue is full (" + queued + " of "
          + settings.queueCapacity() + " places taken); wait for a job to finish or cancel one");
    }
  }

  private void validate(JobSpec spec) throws JobRefusedException {
    try {
      runner.validate(spec);
    } catch (InvalidJobException e) {
      Reason reason = switch (e.kind()) {
        case WRONG -> Reason.INVALID;
        case MISSING_FILE -> Reason.NOT_FOUND;
        case DEVICE_ABSENT -> Reason.DEVICE_ABSENT;
        case TOO_LARGE -> Reason.TOO_LARGE;
      };
      throw new JobRefusedException(reason, describe(e), e);
    }
  }

  /** The gRPC status code number of a job that fails for this reason while it runs (JobError.code). */
  private static int statusCode(InvalidJobException.Kind kind) {
    return switch (kind) {
      case WRONG -> 3; // INVALID_ARGUMENT
      case MISSING_FILE -> 5; // NOT_FOUND
      case DEVICE_ABSENT -> 9; // FAILED_PRECONDITION
      case TOO_LARGE -> 8; // RESOURCE_EXHAUSTED
    };
  }

  /**
   * A version the job names is reserved from submit until the job ends: a second job for it is refused now,
   * not after it trained fully and found the store's version taken. (The store itself is checked by the gRPC
   * layer; a default version, the creation time, gets a free suffix when stored.)
   */
  private void checkVersionFree(io.seqbind.proto.v1.ModelName model) throws JobRefusedException {
    if (model.getVersion().isEmpty()) {
      return;
    }
    for (TrackedJob other : jobs.values()) {
      Job job;
      synchronized (other) {
        job = other.job;
      }
      if (!JobPhases.isTerminal(job.getProgress().getPhase()) && job.getSpec().getModel().equals(model)) {
        throw new JobRefusedException(Reason.MODEL_TAKEN, "model " + model.getName() + ":" + model.getVersion()
            + " is already being trained by job " + other.id + "; choose another version or leave it empty");
      }
    }
  }

  private static String describe(InvalidJobException e) {
    if (e.file().isEmpty()) {
      return e.getMessage();
    }
    String where = e.line() > 0 ? e.file() + ":" + e.line() : e.file();
    return e.getMessage().contains(e.file()) ? e.getMessage() : where + ": " + e.getMessage();
  }

  private synchronized Job enqueue(JobSpec spec, String requestId, String reservedId) throws JobRefusedException {
    // Again under the lock: the checks before validation were advisory (validation may take a while).
    Job existing = jobForRequestId(requestId);
    if (existing != null) {
      return existing;
    }
    checkAdmission();
    checkVersionFree(spec.getModel());
    Instant now = Instant.now();
    String id = reservedId != null ? reservedId : ids.next(now.toEpochMilli());
    Path dir = jobsDir.resolve(id);
    JobSpec resolved = spec;
    if (spec.getModel().getVersion().isEmpty()) {
      // Fixed now, not when the job runs, so a resumed job publishes under the same version.
      resolved = spec.toBuilder().setModel(spec.getModel().toBuilder().setVersion(VERSION_FORMAT.format(now))).build();
    }
    Job job = Job.newBuilder()
        .setId(id)
        .setSpec(resolved)
        .setCreateTime(timestamp(now))
        .setProgress(JobProgress.newBuilder().setPhase(JobPhase.JOB_PHASE_QUEUED).setMessage("queued")
            .setUpdateTime(timestamp(now)))
        .build();
    try {
      Files.createDirectories(dir);
      if (requestId != null && !requestId.isEmpty()) {
        JobFiles.writeRequestId(dir, requestId);
      }
      // job.json last: its presence is what makes the directory a job.
      JobFiles.writeJob(dir, job);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write job " + id + " to " + dir, e);
    }
    TrackedJob tracked = new TrackedJob(id, dir, job);
    jobs.put(id, tracked);
    if (requestId != null && !requestId.isEmpty()) {
      jobByRequestId.put(requestId, id);
    }
    executor.execute(() -> runJob(tracked));
    return job;
  }

  private TrackedJob find(String jobId) throws JobRefusedException {
    TrackedJob job;
    synchronized (this) {
      job = jobs.get(jobId);
    }
    if (job == null) {
      throw new JobRefusedException(Reason.NOT_FOUND, "no job with id '" + jobId + "'");
    }
    return job;
  }

  // ---- running ----

  private void runJob(TrackedJob job) {
    JobSpec spec;
    synchronized (job) {
      if (closing || job.phase() != JobPhase.JOB_PHASE_QUEUED) {
        return; // cancelled while queued, or shutting down (it stays queued on disk)
      }
      Instant now = Instant.now();
      update(job, b -> b.setStartTime(timestamp(now)).setProgress(b.getProgress().toBuilder()
          .setPhase(JobPhase.JOB_PHASE_PREPARING).setMessage("started").setUpdateTime(timestamp(now))), true);
      spec = job.job.getSpec();
    }
    Context context = new Context(job);
    try {
      Path work = Files.createDirectories(job.dir.resolve(JobFiles.WORK));
      String modelId = runner.run(spec, work, context);
      if (modelId == null || modelId.isEmpty()) {
        throw new IllegalStateException("the runner finished without naming a model");
      }
      finish(job, JobPhase.JOB_PHASE_DONE, "done", b -> b.setModelId(modelId)
          .setProgress(b.getProgress().toBuilder().setFractionDone(1).clearEta()));
    } catch (JobCancelledException e) {
      if (stoppedByShutdown(job)) {
        suspend(job);
      } else {
        finish(job, JobPhase.JOB_PHASE_CANCELLED, "cancelled", b -> {});
      }
    } catch (InvalidJobException e) {
      if (stoppedByShutdown(job)) {
        suspend(job);
      } else {
        finish(job, JobPhase.JOB_PHASE_FAILED, describe(e), b -> b.setError(JobError.newBuilder()
            .setCode(statusCode(e.kind())).setMessage(describe(e)).setFile(e.file()).setLine(e.line())));
      }
    } catch (Throwable e) {
      if (stoppedByShutdown(job)) {
        suspend(job);
      } else {
        // Every client may read a job's error: an I/O error's message names the server's paths, so it goes to
        // the log and the job says only the file system's reason (InternalErrors); the engine's own messages stay.
        String message;
        if (e instanceof java.io.IOException || e instanceof java.io.UncheckedIOException) {
          message = InternalErrors.describe("job " + job.id, e);
        } else {
          message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
          LOG.log(System.Logger.Level.ERROR, "job " + job.id + " failed", e);
        }
        finish(job, JobPhase.JOB_PHASE_FAILED, message,
            b -> b.setError(JobError.newBuilder().setCode(13).setMessage(message)));
      }
    }
  }

  /** A job that stopped because the manager is closing (not because a client cancelled it). */
  private boolean stoppedByShutdown(TrackedJob job) {
    return closing && !job.cancelRequested;
  }

  /** Writes the interrupted job's latest state; it is resumed when a manager next loads the data dir. */
  private void suspend(TrackedJob job) {
    synchronized (job) {
      update(job, b -> b.setProgress(b.getProgress().toBuilder()
          .setMessage("interrupted by a shutdown; resumes on the next start")), true);
    }
  }

  /** Moves a job to a terminal phase. */
  private void finish(TrackedJob job, JobPhase phase, String message, Consumer<Job.Builder> details) {
    synchronized (job) {
      Instant now = Instant.now();
      update(job, b -> {
        b.setEndTime(timestamp(now)).setProgress(b.getProgress().toBuilder()
            .setPhase(phase).setMessage(message).setUpdateTime(timestamp(now)).clearEta());
        details.accept(b);
      }, true);
    }
  }

  /** Changes a job's state, writes job.json when asked (or when the last write is old) and tells watchers. */
  private void update(TrackedJob job, Consumer<Job.Builder> change, boolean persistNow) {
    synchronized (job) {
      Job.Builder next = job.job.toBuilder();
      change.accept(next);
      job.job = next.build();
      long now = System.nanoTime();
      if (persistNow || now - job.lastPersistNanos >= settings.progressPersistInterval().toNanos()) {
        try {
          JobFiles.writeJob(job.dir, job.job);
          job.lastPersistNanos = now;
        } catch (IOException e) {
          // The job goes on; only the display after a restart is older.
          LOG.log(System.Logger.Level.WARNING, "job " + job.id + ": cannot write " + JobFiles.JOB_JSON, e);
        }
      }
      for (Consumer<Job> watcher : job.watchers) {
        try {
          watcher.accept(job.job);
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "job " + job.id + ": a watcher failed", e);
        }
      }
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
            .setUpdateTime(timestamp(Instant.now()))
            .build();
        update(job, b -> b.setProgress(stamped), phase != current);
      }
    }

    @Override
    public boolean cancelled() {
      return job.cancelRequested || closing;
    }
  }

  // ---- loading ----

  /** Loads every job; returns the unfinished ones, reset to QUEUED, in their original order. */
  private List<TrackedJob> reload() throws IOException {
    if (!Files.isDirectory(jobsDir)) {
      return List.of(); // created with the first job, so a server that never trains leaves no trace
    }
    List<Path> dirs;
    try (Stream<Path> list = Files.list(jobsDir)) {
      dirs = list.filter(Files::isDirectory).sorted().toList();
    }
    List<TrackedJob> resumed = new ArrayList<>();
    for (Path dir : dirs) {
      String id = dir.getFileName().toString();
      if (!JobFiles.hasJob(dir)) {
        // An upload that never completed (the server stopped during it): nothing was queued.
        AtomicDirectory.deleteTree(dir);
        continue;
      }
      Job job;
      String requestId;
      try {
        job = JobFiles.readJob(dir);
        requestId = JobFiles.readRequestId(dir);
      } catch (IOException e) {
        LOG.log(System.Logger.Level.WARNING, "skipping job directory " + dir + ": " + e.getMessage());
        continue;
      }
      TrackedJob tracked = new TrackedJob(id, dir, job);
      jobs.put(id, tracked);
      if (!requestId.isEmpty()) {
        jobByRequestId.put(requestId, id);
      }
      JobPhase phase = job.getProgress().getPhase();
      if (JobPhases.isTerminal(phase)) {
        continue;
      }
      if (Files.exists(dir.resolve(CANCEL_MARKER))) {
        finish(tracked, JobPhase.JOB_PHASE_CANCELLED, "cancelled", b -> {});
        continue;
      }
      String message = phase == JobPhase.JOB_PHASE_QUEUED ? "queued"
          : "queued again after a restart (was " + phase.name().substring("JOB_PHASE_".length()) + ")";
      update(tracked, b -> b.clearStartTime().setProgress(b.getProgress().toBuilder()
          .setPhase(JobPhase.JOB_PHASE_QUEUED).setMessage(message).clearEta()
          .setUpdateTime(timestamp(Instant.now()))), true);
      resumed.add(tracked);
    }
    resumed.sort(Comparator.comparing((TrackedJob t) -> t.job, NEWEST_FIRST.reversed()));
    return resumed;
  }

  static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
  }

  /** One job's mutable state; guarded by its own monitor. */
  private static final class TrackedJob {
    final String id;
    final Path dir;
    final List<Consumer<Job>> watchers = new CopyOnWriteArrayList<>();
    Job job;
    volatile boolean cancelRequested;
    long lastPersistNanos = System.nanoTime();

    TrackedJob(String id, Path dir, Job job) {
      this.id = id;
      this.dir = dir;
      this.job = job;
    }

    synchronized JobPhase phase() {
      return job.getProgress().getPhase();
    }
  }
}
