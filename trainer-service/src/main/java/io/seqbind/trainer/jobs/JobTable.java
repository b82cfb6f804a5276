package io.seqbind.trainer.jobs;

import io.seqbind.proto.v1.Job;
import io.seqbind.proto.v1.JobPhase;
import io.seqbind.trainer.jobs.JobRefusedException.Reason;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The jobs the queue knows, by id and by their owner's idempotency keys, and whether the queue is closing:
 * the state that admission, running and reloading share. Its monitor guards the table; each job's own
 * monitor guards that job.
 */
final class JobTable {

  private final Map<String, TrackedJob> jobs = new HashMap<>();
  // Keyed by owner and request id: one principal's key must not return (or reveal) another's job.
  private final Map<String, String> jobByRequestId = new HashMap<>();
  private volatile boolean closing;

  synchronized void add(TrackedJob job, String requestId) {
    jobs.put(job.id, job);
    if (requestId != null && !requestId.isEmpty()) {
      jobByRequestId.put(requestKey(job.owner, requestId), job.id);
    }
  }

  /** The job a caller may see, or NOT_FOUND with the same message whether it does not exist or is not theirs. */
  TrackedJob find(String jobId, Caller caller) throws JobRefusedException {
    TrackedJob job;
    synchronized (this) {
      job = jobs.get(jobId);
    }
    if (job == null || !caller.sees(job.owner)) {
      throw new JobRefusedException(Reason.NOT_FOUND, "no job with id '" + jobId + "'");
    }
    return job;
  }

  /** The job an earlier request with this key made, or null. */
  synchronized Job forRequestId(String owner, String requestId) {
    if (requestId == null || requestId.isEmpty()) {
      return null;
    }
    String id = jobByRequestId.get(requestKey(owner, requestId));
    return id == null ? null : jobs.get(id).job();
  }

  synchronized List<TrackedJob> all() {
    return new ArrayList<>(jobs.values());
  }

  synchronized long queued() {
    return jobs.values().stream().filter(j -> j.phase() == JobPhase.JOB_PHASE_QUEUED).count();
  }

  /** From now on no job is admitted and running jobs are asked to stop. */
  synchronized void close() {
    closing = true;
  }

  boolean closing() {
    return closing;
  }

  private static String requestKey(String owner, String requestId) {
    return (owner == null ? "" : owner) + '\0' + requestId;
  }
}
