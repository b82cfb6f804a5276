package io.seqbind.trainer.grpc;

import com.google.protobuf.Timestamp;
import io.seqbind.proto.v1.Job;
import io.seqbind.proto.v1.JobPhase;
import io.seqbind.trainer.jobs.Caller;
import io.seqbind.trainer.jobs.JobManager;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** ListJobs: the caller's jobs, newest first, optionally of some phases, in keyset pages. */
final class JobListing {

  private static final KeysetPager<Job> PAGER = new KeysetPager<>("jobs", JobManager.NEWEST_FIRST, 3,
      j -> List.of(Long.toString(j.getCreateTime().getSeconds()), Integer.toString(j.getCreateTime().getNanos()),
          j.getId()),
      k -> Job.newBuilder().setId(k.get(2)).setCreateTime(Timestamp.newBuilder()
          .setSeconds(Long.parseLong(k.get(0))).setNanos(Integer.parseInt(k.get(1)))).build());

  private final JobManager jobs;

  JobListing(JobManager jobs) {
    this.jobs = jobs;
  }

  /**
   * @param phases the phases asked for; none (or only UNSPECIFIED) lists every phase
   * @throws IllegalArgumentException naming phases[i], page_size or page_token
   */
  KeysetPager.Page<Job> list(Caller caller, List<JobPhase> phases, List<Integer> phaseValues, int pageSize,
      String pageToken) {
    Set<JobPhase> wanted = new TreeSet<>();
    for (int i = 0; i < phases.size(); i++) {
      JobPhase phase = phases.get(i);
      if (phase == JobPhase.UNRECOGNIZED) {
        throw new IllegalArgumentException("phases[" + i + "]: unknown phase number " + phaseValues.get(i));
      }
      if (phase != JobPhase.JOB_PHASE_UNSPECIFIED) {
        wanted.add(phase);
      }
    }
    return PAGER.page(jobs.list(caller), wanted.toString(),
        j -> wanted.isEmpty() || wanted.contains(j.getProgress().getPhase()), pageSize, pageToken);
  }
}
