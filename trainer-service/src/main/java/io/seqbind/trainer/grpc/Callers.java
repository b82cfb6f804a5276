package io.seqbind.trainer.grpc;

import io.seqbind.core.grpc.AuthInterceptor;
import io.seqbind.core.grpc.AuthTokens;
import io.seqbind.trainer.jobs.Caller;

/** The job queue's {@link Caller} of the current gRPC call, from the principal authentication put there. */
final class Callers {

  private Callers() {}

  /** The authenticated principal; {@link Caller#anyone()} when the server runs without authentication. */
  static Caller current() {
    AuthTokens.Principal principal = AuthInterceptor.PRINCIPAL.get();
    return principal == null ? Caller.anyone()
        : new Caller(principal.name(), principal.roles().contains(AuthTokens.Role.ADMIN));
  }
}
