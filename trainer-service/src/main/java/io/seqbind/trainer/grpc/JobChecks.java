package io.seqbind.trainer.grpc;

import io.seqbind.proto.v1.JobSpec;
import io.seqbind.trainer.jobs.JobRefusedException;

/**
 * What the service checks of a job spec before the queue validates its data (which reads files): a model name
 * and version the store accepts and has free, and server paths under the data roots.
 */
final class JobChecks {

  private final ModelCatalog models;
  private final ServerPaths paths;

  JobChecks(ModelCatalog models, ServerPaths paths) {
    this.models = models;
    this.paths = paths;
  }

  /** @param field the spec's request field, for messages ("spec" or "header.spec") */
  void check(JobSpec spec, String field) throws JobRefusedException {
    models.checkNewModel(spec.getModel(), field);
    paths.check(spec.getDataset());
  }
}
