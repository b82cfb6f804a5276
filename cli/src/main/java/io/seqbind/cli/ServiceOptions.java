package io.seqbind.cli;

import io.seqbind.core.bundle.ModelStore;
import java.io.IOException;
import java.nio.file.Path;
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

  Services connect() throws IOException {
    return endpoint == null || endpoint.isBlank() ? Services.local(new ModelStore(store))
        : Services.remote(endpoint.strip());
  }
}
