package io.seqbind.variant;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.seqbind.core.testing.RunningServiceChecks;
import java.util.Set;

/** Starts the packaged variant-service jar and checks it from outside (ports: application.properties). */
@QuarkusIntegrationTest
class VariantServiceStartsIT extends RunningServiceChecks {

  @Override
  protected int httpPort() {
    return 8183;
  }

  @Override
  protected int grpcPort() {
    return 8183;
  }

  @Override
  protected Set<String> seqbindServices() {
    return Set.of("seqbind.v1.VariantService");
  }
}
