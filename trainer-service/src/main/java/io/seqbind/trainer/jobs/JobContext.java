package io.seqbind.trainer.jobs;

import io.seqbind.proto.v1.JobProgress;

/** What a running job reports to and asks of its queue. */
public interface JobContext {

  /** Publishes a progress snapshot (the queue stamps the time and keeps the latest). */
  void progress(JobProgress progress);

  /** True once the job was cancelled; the runner stops at its next step boundary. */
  boolean cancelled();
}
