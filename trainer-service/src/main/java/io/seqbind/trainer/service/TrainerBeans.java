package io.seqbind.trainer.service;

import io.seqbind.core.bundle.ModelStore;
import io.seqbind.trainer.jobs.JobManager;
import io.seqbind.trainer.jobs.JobRunner;
import io.seqbind.trainer.jobs.TrainingJobRunner;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The trainer's plain objects as CDI beans, built from configuration (application.properties documents the
 * keys). The work lives in the plain classes; this is only wiring.
 */
@Singleton
public class TrainerBeans {

  @Produces
  @Singleton
  ModelStore modelStore(@ConfigProperty(name = "seqbind.store.dir") String storeDir) {
    return new ModelStore(Path.of(storeDir));
  }

  @Produces
  @Singleton
  JobRunner jobRunner(ModelStore store) {
    return new TrainingJobRunner(store);
  }

  @Produces
  @Singleton
  JobManager jobManager(JobRunner runner,
      @ConfigProperty(name = "seqbind.data.dir") String dataDir,
      @ConfigProperty(name = "seqbind.trainer.queue-capacity") int queueCapacity,
      @ConfigProperty(name = "seqbind.trainer.max-upload-bytes") long maxUploadBytes) throws IOException {
    return new JobManager(Path.of(dataDir), runner,
        JobManager.Settings.defaults().withQueueCapacity(queueCapacity).withMaxUploadBytes(maxUploadBytes));
  }

  /** At shutdown: the running job is interrupted and stays on disk, to resume on the next start. */
  void closeJobManager(@Disposes JobManager jobs) {
    jobs.close();
  }
}
