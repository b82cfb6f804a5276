package io.seqbind.cli;

import io.seqbind.core.bundle.ModelStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Where a command's services are: a remote endpoint, or hosted in-process over a local model store. */
final class ServiceOptions {

  @Option(names = "--endpoint", defaultValue = "${env:SEQBIND_ENDPOINT}",
      description = "host:port of a running seqbind service (also SEQBIND_ENDPOINT): the trainer for train, the "
          + "scorer for score/evaluate/variants, the variant service for mutmap/motifs; 'seqbind serve' serves all "
          + "on one port. Without it the services run inside this command.")
  String endpoint;

  @Option(names = "--store", defaultValue = "${env:SEQBIND_STORE:-${sys:user.home}/.seqbind/models}",
      description = "Model store of the in-process services (also SEQBIND_STORE; default: ${DEFAULT-VALUE}).")
  Path store;

  @Option(names = "--timeout", defaultValue = "${env:SEQBIND_TIMEOUT:-300}", paramLabel = "SECONDS",
      description = "With --endpoint: how long one request may wait for its answer (also SEQBIND_TIMEOUT; default:"
          + " ${DEFAULT-VALUE}); streams (training progress, large inputs) are watched by keepalive pings instead.")
  long timeoutSeconds;

  Services connect() throws IOException {
    if (timeoutSeconds < 1) {
      throw new IllegalArgumentException("--timeout must be at least 1 second, got " + timeoutSeconds);
    }
    return endpoint == null || endpoint.isBlank() ? Services.local(new ModelStore(store))
        : Services.remote(endpoint.strip(), Duration.ofSeconds(timeoutSeconds));
  }
}
