package io.seqbind.cli;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.TlsChannelCredentials;
import io.seqbind.core.bundle.ModelStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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

  @Option(names = "--token", defaultValue = "${env:SEQBIND_TOKEN}", paramLabel = "TOKEN",
      description = "With --endpoint: the bearer token of a server started with --auth-tokens (also SEQBIND_TOKEN;"
          + " prefer --token-file, which ps does not show).")
  String token;

  @Option(names = "--token-file", defaultValue = "${env:SEQBIND_TOKEN_FILE}", paramLabel = "FILE",
      description = "With --endpoint: a file whose first line is the bearer token (also SEQBIND_TOKEN_FILE).")
  Path tokenFile;

  Services connect() throws IOException {
    if (timeoutSeconds < 1) {
      throw new IllegalArgumentException("--timeout must be at least 1 second, got " + timeoutSeconds);
    }
    return endpoint == null || endpoint.isBlank() ? Services.local(new ModelStore(store))
        : Services.remote(endpoint.strip(), transport(), Duration.ofSeconds(timeoutSeconds), token());
  }

  @Option(names = "--tls-ca", defaultValue = "${env:SEQBIND_TLS_CA}", paramLabel = "PEM",
      description = "With --endpoint: connect with TLS, trusting this CA (also SEQBIND_TLS_CA).")
  Path tlsCa;

  @Option(names = "--tls-cert", defaultValue = "${env:SEQBIND_TLS_CERT}", paramLabel = "PEM",
      description = "With --tls-ca: this client certificate, for a server that requires mutual TLS (also"
          + " SEQBIND_TLS_CERT).")
  Path tlsCert;

  @Option(names = "--tls-key", defaultValue = "${env:SEQBIND_TLS_KEY}", paramLabel = "PEM",
      description = "The client certificate's private key, PKCS#8 PEM (also SEQBIND_TLS_KEY).")
  Path tlsKey;

  /** Plaintext, or TLS trusting --tls-ca with an optional client certificate. */
  private ChannelCredentials transport() throws IOException {
    if (tlsCa == null) {
      if (tlsCert != null || tlsKey != null) {
        throw new IllegalArgumentException("--tls-cert and --tls-key need --tls-ca (the CA that signed the server's"
            + " certificate)");
      }
      return InsecureChannelCredentials.create();
    }
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new IllegalArgumentException("--tls-cert and --tls-key go together");
    }
    TlsChannelCredentials.Builder tls = TlsChannelCredentials.newBuilder();
    try {
      tls.trustManager(tlsCa.toFile());
      if (tlsCert != null) {
        tls.keyManager(tlsCert.toFile(), tlsKey.toFile());
      }
    } catch (java.io.FileNotFoundException e) {
      throw new IllegalArgumentException(e.getMessage() + ", expected a PEM file");
    }
    return tls.build();
  }

  /** The bearer token from --token or --token-file; null for none. */
  private String token() throws IOException {
    if (tokenFile != null) {
      if (token != null && !token.isBlank()) {
        throw new IllegalArgumentException("--token and --token-file: give one of them");
      }
      if (!Files.isRegularFile(tokenFile)) {
        throw new IllegalArgumentException("--token-file " + tokenFile + ": no such file, expected a file holding"
            + " the token");
      }
      List<String> lines = Files.readAllLines(tokenFile);
      if (lines.isEmpty() || lines.get(0).isBlank()) {
        throw new IllegalArgumentException("--token-file " + tokenFile + ": empty, expected the token on its first"
            + " line");
      }
      return lines.get(0).strip();
    }
    return token == null || token.isBlank() ? null : token.strip();
  }
}
