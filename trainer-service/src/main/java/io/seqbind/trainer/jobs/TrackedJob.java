package io.seqbind.trainer.jobs;

import com.google.protobuf.Timestamp;
import io.seqbind.proto.v1.Job;
import io.seqbind.proto.v1.JobPhase;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * One job's mutable state, guarded by its own monitor: the contract's {@link Job}, who submitted it, its
 * watchers, and the writes of its job.json. Every change goes through {@link #update}, so watchers see one
 * job's states in order and the disk never lags a phase change.
 */
final class TrackedJob {

  private static final System.Logger LOG = System.getLogger(TrackedJob.class.getName());

  final String id;
  final Path dir;
  /** The principal who submitted the job; null when it was submitted without authentication. */
  final String owner;
  final List<Consumer<Job>> watchers = new CopyOnWriteArrayList<>();
  private final Duration persistInterval;
  private Job job;
  volatile boolean cancelRequested;
  private long lastPersistNanos = System.nanoTime();

  TrackedJob(String id, Path dir, String owner, Job job, Duration persistInterval) {
    this.id = id;
    this.dir = dir;
    this.owner = owner;
    this.job = job;
    this.persistInterval = persistInterval;
  }

  synchronized Job job() {
    return job;
  }

  synchronized JobPhase phase() {
    return job.getProgress().getPhase();
  }

  /**
   * Changes the job, writes job.json when asked (or when the last write is older than the persist interval:
   * progress alone need not reach the disk every step) and tells the watchers.
   */
  synchronized void update(Consumer<Job.Builder> change, boolean persistNow) {
    Job.Builder next = job.toBuilder();
    change.accept(next);
    job = next.build();
    long now = System.nanoTime();
    if (persistNow || now - lastPersistNanos >= persistInterval.toNanos()) {
      try {
        JobFiles.writeJob(dir, job);
        lastPersistNanos = now;
      } catch (IOException e) {
        // The job goes on; only the display after a restart is older.
        LOG.log(System.Logger.Level.WARNING, "job " + id + ": cannot write " + JobFiles.JOB_JSON, e);
      }
    }
    for (Consumer<Job> watcher : watchers) {
      try {
        watcher.accept(job);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "job " + id + ": a watcher failed", e);
      }
    }
  }

  /** Moves the job to a terminal phase. */
  synchronized void finish(JobPhase phase, String message, Consumer<Job.Builder> details) {
    Instant now = Instant.now();
    update(b -> {
      b.setEndTime(timestamp(now)).setProgress(b.getProgress().toBuilder()
          .setPhase(phase).setMessage(message).setUpdateTime(timestamp(now)).clearEta());
      details.accept(b);
    }, true);
  }

  static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
  }
}
