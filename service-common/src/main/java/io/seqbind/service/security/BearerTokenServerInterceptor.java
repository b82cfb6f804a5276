package io.seqbind.service.security;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.quarkus.grpc.GlobalInterceptor;
import io.seqbind.core.grpc.AuthInterceptor;
import io.seqbind.core.grpc.AuthTokens;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Token authentication and roles for every gRPC service of a Quarkus seqbind service: core's
 * {@link AuthInterceptor} (the same rules and messages as {@code seqbind serve --auth-tokens}) over the tokens
 * file named by {@code seqbind.auth.tokens-file}, re-read when it changes. Unset, every call passes, as before.
 * Health stays open; reflection needs a token.
 */
@Singleton // created with the gRPC server at start, not at the first call: a bad file stops the start
@GlobalInterceptor
@Priority(BearerTokenServerInterceptor.PRIORITY)
public class BearerTokenServerInterceptor implements ServerInterceptor {

  /** Runs after the client-certificate check (higher priority runs first in Quarkus). */
  static final int PRIORITY = 100;

  private static final Logger LOG = Logger.getLogger(BearerTokenServerInterceptor.class);

  private final ReloadingFile<AuthInterceptor> auth;

  @Inject
  public BearerTokenServerInterceptor(
      @ConfigProperty(name = "seqbind.auth.tokens-file") Optional<Path> tokensFile,
      @ConfigProperty(name = "seqbind.auth.reload-period", defaultValue = "10s") Duration reloadPeriod) {
    this.auth = tokensFile.map(file -> new ReloadingFile<>(file, f -> new AuthInterceptor(AuthTokens.read(f)),
        reloadPeriod)).orElse(null);
    LOG.info(auth == null
        ? "seqbind: no seqbind.auth.tokens-file: every caller that reaches the port may call every service"
        : "seqbind: bearer tokens required (tokens from " + tokensFile.get() + "); gRPC health stays open");
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    return auth == null ? next.startCall(call, headers) : auth.get().interceptCall(call, headers, next);
  }
}
