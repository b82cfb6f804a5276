package io.seqbind.trainer.jobs;

/** Thrown by a runner that saw {@link JobContext#cancelled()}. */
public final class JobCancelledException extends Exception {

  public JobCancelledException() {
    super("cancelled");
  }
}
