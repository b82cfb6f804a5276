package io.seqbind.service.security;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The service's own bearer token on its outgoing gRPC calls (the variant service's calls to the scorer), from
 * the file {@code seqbind.auth.client-token-file} (first line, re-read when it changes). Unset, calls go out
 * without one. The service uses its own principal rather than forwarding its caller's token, so that the
 * scorer's tokens file names the variant service as a caller.
 */
@Singleton // created with the gRPC server at start, not at the first call: a bad file stops the start
@GlobalInterceptor
public class BearerTokenClientInterceptor implements ClientInterceptor {

  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final ReloadingFile<String> token;

  @Inject
  public BearerTokenClientInterceptor(
      @ConfigProperty(name = "seqbind.auth.client-token-file") Optional<Path> tokenFile,
      @ConfigProperty(name = "seqbind.auth.reload-period", defaultValue = "10s") Duration reloadPeriod) {
    this.token = tokenFile.map(file -> new ReloadingFile<>(file, BearerTokenClientInterceptor::firstLine,
        reloadPeriod)).orElse(null);
  }

  static String firstLine(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8).strip();
      String line = text.lines().findFirst().orElse("").strip();
      if (line.isEmpty()) {
        throw new IllegalArgumentException(file + ": empty, expected a bearer token on its first line");
      }
      return line;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the token file " + file, e);
    }
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    if (token == null) {
      return next.newCall(method, options);
    }
    String bearer = "Bearer " + token.get();
    return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
      @Override
      public void start(Listener<R> listener, Metadata headers) {
        headers.put(AUTHORIZATION, bearer);
        super.start(listener, headers);
      }
    };
  }
}
