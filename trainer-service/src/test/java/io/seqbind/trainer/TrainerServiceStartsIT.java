package io.seqbind.trainer;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.seqbind.core.testing.RunningServiceChecks;
import java.util.Set;

/** Starts the packaged trainer-service jar and checks it from outside (ports: application.properties). */
@QuarkusIntegrationTest
class TrainerServiceStartsIT extends RunningServiceChecks {

  @Override
  protected int httpPort() {
    return 8181;
  }

  @Override
  protected int grpcPort() {
    return 8181;
  }

  @Override
  protected Set<String> seqbindServices() {
    return Set.of("seqbind.v1.TrainerService");
  }
}
