package io.seqbind.scorer;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.seqbind.core.testing.RunningServiceChecks;
import java.util.Set;

/** Starts the packaged scorer-service jar and checks it from outside (ports: application.properties). */
@QuarkusIntegrationTest
class ScorerServiceStartsIT extends RunningServiceChecks {

  @Override
  protected int httpPort() {
    return 8182;
  }

  @Override
  protected int grpcPort() {
    return 8182;
  }

  @Override
  protected Set<String> seqbindServices() {
    return Set.of("seqbind.v1.ScorerService");
  }
}
