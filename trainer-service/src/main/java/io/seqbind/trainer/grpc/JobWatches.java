package io.seqbind.trainer.grpc;

import com.google.protobuf.Duration;
import io.grpc.stub.ServerCallStreamObserver;
import io.seqbind.core.concurrent.DaemonThreads;
import io.seqbind.proto.v1.WatchJobResponse;
import io.seqbind.trainer.jobs.Caller;
import io.seqbind.trainer.jobs.JobManager;
import io.seqbind.trainer.jobs.JobRefusedException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * WatchJob's calls: each is a {@link JobWatchStream} sending on this class's one timer thread, so a slow client
 * never holds up a training job's thread. Closing stops the timer; open watches then get no more updates.
 */
final class JobWatches implements AutoCloseable {

  private static final long DEFAULT_INTERVAL_NANOS = 1_000_000_000L;
  private static final long MIN_INTERVAL_NANOS = 100_000_000L;

  private final JobManager jobs;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.single("seqbind-watch-job"));

  JobWatches(JobManager jobs) {
    this.jobs = jobs;
  }

  /**
   * Starts streaming the job's states to {@code call}; must run while gRPC is still in the service method.
   *
   * @param minInterval the request's min_interval, or null for the default (1 s); at least 100 ms is used
   * @throws IllegalArgumentException a negative min_interval
   * @throws JobRefusedException NOT_FOUND, also for a job the caller may not see
   */
  void watch(String jobId, Caller caller, Duration minInterval, ServerCallStreamObserver<WatchJobResponse> call)
      throws JobRefusedException {
    long interval = DEFAULT_INTERVAL_NANOS;
    if (minInterval != null) {
      if (minInterval.getSeconds() < 0 || minInterval.getNanos() < 0) {
        throw new IllegalArgumentException("min_interval: must not be negative, got " + minInterval.getSeconds() + "s "
            + minInterval.getNanos() + "ns");
      }
      interval = Math.max(MIN_INTERVAL_NANOS, minInterval.getSeconds() * 1_000_000_000L + minInterval.getNanos());
    }
    JobWatchStream stream = new JobWatchStream(call, timer, interval);
    stream.attach(jobs.watch(jobId, caller, stream::offer));
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
