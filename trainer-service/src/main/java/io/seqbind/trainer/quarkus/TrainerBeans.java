package io.seqbind.trainer.quarkus;

import io.seqbind.core.bundle.ModelStore;
import io.seqbind.core.io.DataRoots;
import io.seqbind.trainer.jobs.JobManager;
import io.seqbind.trainer.jobs.JobRunner;
import io.seqbind.trainer.jobs.TrainingJobRunner;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The trainer's plain objects as CDI beans, built from configuration (application.properties documents the
 * keys); {@code TrainerGrpcService} is the gRPC bean itself and takes them in its constructor. The work lives
 * in the plain classes; this is only wiring.
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
      @ConfigProperty(name = "seqbind.trainer.max-upload-bytes") long maxUploadBytes,
      @ConfigProperty(name = "seqbind.trainer.upload-quota-bytes") Optional<Long> uploadQuotaBytes)
      throws IOException {
    return new JobManager(Path.of(dataDir), runner, JobManager.Settings.defaults().withQueueCapacity(queueCapacity)
        .withMaxUploadBytes(maxUploadBytes).withUploadQuotaBytes(uploadQuotaBytes.orElse(Long.MAX_VALUE)));
  }

  /**
   * SubmitJob's server paths: under the configured data roots; with none, any path, unless authentication is on
   * ({@code seqbind.auth.tokens-file} set), where none is allowed and clients upload their data.
   */
  @Produces
  @Singleton
  DataRoots dataRoots(@ConfigProperty(name = "seqbind.trainer.data-roots") Optional<List<Path>> dataRoots,
      @ConfigProperty(name = "seqbind.auth.tokens-file") Optional<String> tokensFile) {
    return DataRoots.forServer(dataRoots.orElse(List.of()), tokensFile.filter(f -> !f.isBlank()).isPresent());
  }

  /** At shutdown: the running job is interrupted and stays on disk, to resume on the next start. */
  void closeJobManager(@Disposes JobManager jobs) {
    jobs.close();
  }
}
