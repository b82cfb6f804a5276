package io.seqbind.trainer.jobs;

import io.seqbind.proto.v1.JobSpec;
import java.nio.file.Path;

/**
 * Stands in for the training runner until it exists: refuses every job with UnsupportedOperationException
 * (answered UNIMPLEMENTED), so nothing is queued that could not run. Remove once TrainingJobRunner is wired.
 */
public final class UnavailableJobRunner implements JobRunner {

  private static final String MESSAGE = "this trainer build cannot train yet: no training runner is installed";

  @Override
  public void validate(JobSpec spec) {
    throw new UnsupportedOperationException(MESSAGE);
  }

  @Override
  public String run(JobSpec spec, Path workDir, JobContext context) {
    throw new UnsupportedOperationException(MESSAGE);
  }
}
