package io.seqbind.trainer.jobs;

import io.seqbind.proto.v1.JobPhase;

/** Which phases are which: the queue, the runner's own, and the three ends. */
public final class JobPhases {

  private JobPhases() {}

  /** DONE, FAILED or CANCELLED: nothing more will happen to the job. */
  public static boolean isTerminal(JobPhase phase) {
    return phase == JobPhase.JOB_PHASE_DONE || phase == JobPhase.JOB_PHASE_FAILED
        || phase == JobPhase.JOB_PHASE_CANCELLED;
  }

  /** PREPARING to EXPORTING: the phases a runner may report while it works. */
  public static boolean isRunning(JobPhase phase) {
    return switch (phase) {
      case JOB_PHASE_PREPARING, JOB_PHASE_CALIBRATING, JOB_PHASE_TRAINING, JOB_PHASE_EVALUATING,
          JOB_PHASE_EXPORTING -> true;
      default -> false;
    };
  }
}
