package io.seqbind.trainer.grpc;

import io.grpc.stub.ServerCallStreamObserver;
import io.seqbind.proto.v1.Job;
import io.seqbind.proto.v1.WatchJobResponse;
import io.seqbind.trainer.jobs.JobManager;
import io.seqbind.trainer.jobs.JobPhases;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One WatchJob call: keeps only the newest state of the job (a slow reader skips intermediate updates rather
 * than queueing them), sends it at most once per interval, sends the terminal state as soon as it happens and
 * then completes the call. Sending happens on the timer thread (or gRPC's, when the call becomes ready again),
 * never on the job's thread, so a stuck client cannot slow a training job.
 */
final class JobWatchStream {

  private final ServerCallStreamObserver<WatchJobResponse> call;
  private final ScheduledExecutorService timer;
  private final long intervalNanos;
  private Job pending;
  private long lastSentNanos;
  private boolean sentAny;
  private boolean done;
  private ScheduledFuture<?> scheduled;
  private JobManager.Subscription subscription;

  /** Must be built while gRPC is still in the service method: that is when handlers may be installed. */
  JobWatchStream(ServerCallStreamObserver<WatchJobResponse> call, ScheduledExecutorService timer, long intervalNanos) {
    this.call = call;
    this.timer = timer;
    this.intervalNanos = intervalNanos;
    call.setOnCancelHandler(this::stop);
    call.setOnReadyHandler(this::schedule);
  }

  /** Attaches the manager's subscription, so that the end of the call ends it. */
  synchronized void attach(JobManager.Subscription subscription) {
    this.subscription = subscription;
    if (done) {
      subscription.close();
    }
  }

  /** A new state of the job (the manager's watcher). */
  synchronized void offer(Job job) {
    if (done) {
      return;
    }
    pending = job;
    schedule();
  }

  private synchronized void schedule() {
    if (done || pending == null) {
      return;
    }
    boolean terminal = JobPhases.isTerminal(pending.getProgress().getPhase());
    long delay = !sentAny || terminal ? 0 : Math.max(0, lastSentNanos + intervalNanos - System.nanoTime());
    if (scheduled != null && !scheduled.isDone()) {
      if (delay > 0 || scheduled.getDelay(TimeUnit.NANOSECONDS) <= 0) {
        return; // the flush already planned will send the newest state
      }
      scheduled.cancel(false);
    }
    scheduled = timer.schedule(this::flush, delay, TimeUnit.NANOSECONDS);
  }

  private synchronized void flush() {
    if (done || pending == null) {
      return;
    }
    if (!call.isReady()) {
      return; // the on-ready handler schedules again; meanwhile newer states replace this one
    }
    Job job = pending;
    pending = null;
    WatchJobResponse.Builder update = WatchJobResponse.newBuilder().setJobId(job.getId())
        .setProgress(job.getProgress());
    boolean terminal = JobPhases.isTerminal(job.getProgress().getPhase());
    if (terminal) {
      update.setModelId(job.getModelId());
      if (job.hasError()) {
        update.setError(job.getError());
      }
    }
    try {
      call.onNext(update.build());
      sentAny = true;
      lastSentNanos = System.nanoTime();
      if (terminal) {
        call.onCompleted();
        stop();
      }
    } catch (RuntimeException e) {
      stop(); // the call was cancelled under us
    }
  }

  private synchronized void stop() {
    done = true;
    pending = null;
    if (scheduled != null) {
      scheduled.cancel(false);
    }
    if (subscription != null) {
      subscription.close();
    }
  }
}
