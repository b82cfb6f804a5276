package io.seqbind.trainer.quarkus;

import io.seqbind.proto.v1.JobSpec;
import io.seqbind.trainer.jobs.JobContext;
import io.seqbind.trainer.jobs.JobRunner;
import io.seqbind.trainer.jobs.StepRunner;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.nio.file.Path;

/** Replaces the produced runner in @QuarkusTest: a quick, deterministic StepRunner. */
@Alternative
@Priority(1)
@Singleton
public class StepRunnerBean implements JobRunner {

  private final StepRunner delegate = new StepRunner(5).stepMillis(20);

  @Override
  public void validate(JobSpec spec) throws io.seqbind.trainer.jobs.InvalidJobException {
    delegate.validate(spec);
  }

  @Override
  public String run(JobSpec spec, Path workDir, JobContext context) throws Exception {
    return delegate.run(spec, workDir, context);
  }
}
