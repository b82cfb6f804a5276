package io.seqbind.trainer.jobs;

import io.seqbind.proto.v1.Job;
import io.seqbind.proto.v1.JobPhase;
import io.seqbind.proto.v1.JobProgress;
import io.seqbind.proto.v1.JobSpec;
import io.seqbind.proto.v1.ModelName;
import io.seqbind.proto.v1.UploadedFile;
import io.seqbind.trainer.jobs.JobRefusedException.Reason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Consumer;

/**
 * Admission to the queue: idempotency keys, capacity, the runner's check of the spec, a model version reserved
 * while its job is unfinished, upload quotas; then the job's directory and job.json, and the hand-over to
 * whoever runs it. Checks made before validation (which reads the data and may take a while) are advisory and
 * made again under the table's lock when the job is added.
 */
final class JobAdmission {

  private static final DateTimeFormatter VERSION_FORMAT =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private final JobTable table;
  private final Path jobsDir;
  private final JobRunner runner;
  private final JobManager.Settings settings;
  private final UploadQuota quota;
  private final Consumer<TrackedJob> start;
  private final JobIds ids = new JobIds();

  /** @param start schedules an admitted job to run */
  JobAdmission(JobTable table, Path jobsDir, JobRunner runner, JobManager.Settings settings,
      Consumer<TrackedJob> start) {
    this.table = table;
    this.jobsDir = jobsDir;
    this.runner = runner;
    this.settings = settings;
    this.quota = new UploadQuota(table, jobsDir, settings.uploadQuotaBytes());
    this.start = start;
  }

  Job submit(JobSpec spec, String requestId, Caller caller) throws JobRefusedException {
    Job existing = table.forRequestId(caller.principal(), requestId);
    if (existing != null) {
      return existing;
    }
    checkCapacity();
    validate(spec);
    return enqueue(spec, requestId, null, caller);
  }

  UploadSession beginUpload(JobSpec spec, List<UploadedFile> files, String requestId, Caller caller)
      throws JobRefusedException {
    long bytes = UploadSession.checkHeader(spec, files, settings.maxUploadBytes());
    checkCapacity();
    quota.reserve(caller, bytes); // before the directory exists: a refused upload leaves nothing on disk
    String id = ids.next(System.currentTimeMillis());
    Path dir = jobsDir.resolve(id);
    try {
      Files.createDirectories(dir.resolve(JobFiles.UPLOAD));
    } catch (IOException e) {
      quota.release(caller, bytes);
      throw new UncheckedIOException("cannot create the upload directory " + dir, e);
    }
    return new UploadSession(this, id, dir, spec, files, requestId, caller, () -> quota.release(caller, bytes));
  }

  /** Called by an upload whose files arrived intact; the spec's URIs already name the stored files. */
  Job submitUploaded(String reservedId, JobSpec spec, String requestId, Caller caller) throws JobRefusedException {
    Job existing = table.forRequestId(caller.principal(), requestId);
    if (existing != null) {
      return existing;
    }
    validate(spec);
    return enqueue(spec, requestId, reservedId, caller);
  }

  private void checkCapacity() throws JobRefusedException {
    if (table.closing()) {
      throw new JobRefusedException(Reason.SHUTTING_DOWN, "the trainer is shutting down; submit the job again later");
    }
    long queued = table.queued();
    if (queued >= settings.queueCapacity()) {
      throw new JobRefusedException(Reason.QUEUE_FULL, "the job queue is full (" + queued + " of "
          + settings.queueCapacity() + " places taken); wait for a job to finish or cancel one");
    }
  }

  private void validate(JobSpec spec) throws JobRefusedException {
    try {
      runner.validate(spec);
    } catch (InvalidJobException e) {
      throw JobRefusedException.of(e);
    }
  }

  /**
   * A version the job names is reserved from submit until the job ends: a second job for it is refused now,
   * not after it trained fully and found the store's version taken. (The store itself is checked by the gRPC
   * layer; a default version, the creation time, gets a free suffix when stored.)
   */
  private void checkVersionFree(ModelName model) throws JobRefusedException {
    if (model.getVersion().isEmpty()) {
      return;
    }
    for (TrackedJob other : table.all()) {
      Job job = other.job();
      if (!JobPhases.isTerminal(job.getProgress().getPhase()) && job.getSpec().getModel().equals(model)) {
        throw new JobRefusedException(Reason.MODEL_TAKEN, "model " + model.getName() + ":" + model.getVersion()
            + " is already being trained by job " + other.id + "; choose another version or leave it empty");
      }
    }
  }

  private Job enqueue(JobSpec spec, String requestId, String reservedId, Caller caller) throws JobRefusedException {
    TrackedJob tracked;
    Job queued;
    synchronized (table) {
      // Again under the lock: the checks before validation were advisory.
      Job existing = table.forRequestId(caller.principal(), requestId);
      if (existing != null) {
        return existing;
      }
      checkCapacity();
      checkVersionFree(spec.getModel());
      tracked = write(spec, requestId, reservedId, caller.principal());
      table.add(tracked, requestId);
      queued = tracked.job(); // as queued: once started, a thread may have moved it on
    }
    start.accept(tracked);
    return queued;
  }

  /** The job's directory: request-id and owner first, job.json last (its presence makes the directory a job). */
  private TrackedJob write(JobSpec spec, String requestId, String reservedId, String owner) {
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
        .setCreateTime(TrackedJob.timestamp(now))
        .setProgress(JobProgress.newBuilder().setPhase(JobPhase.JOB_PHASE_QUEUED).setMessage("queued")
            .setUpdateTime(TrackedJob.timestamp(now)))
        .build();
    try {
      Files.createDirectories(dir);
      if (requestId != null && !requestId.isEmpty()) {
        JobFiles.writeRequestId(dir, requestId);
      }
      if (owner != null) {
        JobFiles.writeOwner(dir, owner);
      }
      JobFiles.writeJob(dir, job);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write job " + id + " to " + dir, e);
    }
    return new TrackedJob(id, dir, owner, job, settings.progressPersistInterval());
  }
}
