package io.seqbind.trainer.jobs;

import io.seqbind.proto.v1.JobSpec;
import java.nio.file.Path;

/**
 * Turns a job spec into a stored model. The job queue ({@code JobManager}) owns ordering, persistence and
 * cancellation; a runner owns the work. A runner keeps its checkpoints in the job's work directory, so that
 * running the same spec again in the same directory after a crash resumes there and ends with the same model
 * as an uninterrupted run.
 */
public interface JobRunner {

  /**
   * Reads and checks the job's data and settings without training, so a bad request is refused before it is
   * queued.
   *
   * @throws InvalidJobException naming the file, line or record and what was expected
   */
  void validate(JobSpec spec) throws InvalidJobException;

  /**
   * Runs (or resumes) the job.
   *
   * @param workDir the job's own directory, kept across restarts
   * @return the id of the model it added to the store
   * @throws InvalidJobException when the data turns out to be bad after all
   * @throws JobCancelledException when {@link JobContext#cancelled()} became true
   */
  String run(JobSpec spec, Path workDir, JobContext context) throws Exception;
}
