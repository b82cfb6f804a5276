package io.seqbind.core.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.seqbind.core.grpc.AuthTokens.Principal;
import io.seqbind.core.grpc.AuthTokens.Role;
import java.util.Locale;

/**
 * Bearer-token authentication and role checks for every seqbind service: the {@code authorization} header's
 * token names a principal ({@link AuthTokens}); no or an unknown token is UNAUTHENTICATED, a role that does
 * not allow the call PERMISSION_DENIED. gRPC health stays open (probes carry no token); reflection and every
 * seqbind call need a token. The principal is in {@link #PRINCIPAL} for the call's handlers.
 */
public final class AuthInterceptor implements ServerInterceptor {

  /** The authenticated caller of the current call. */
  public static final Context.Key<Principal> PRINCIPAL = Context.key("seqbind-principal");

  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final AuthTokens tokens;

  public AuthInterceptor(AuthTokens tokens) {
    this.tokens = tokens;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    String service = call.getMethodDescriptor().getServiceName();
    if ("grpc.health.v1.Health".equals(service)) {
      return next.startCall(call, headers);
    }
    String header = headers.get(AUTHORIZATION);
    Principal principal = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
        ? tokens.principal(header.substring(7).strip()) : null;
    if (principal == null) {
      call.close(Status.UNAUTHENTICATED.withDescription(header == null
          ? "no bearer token: send 'authorization: Bearer <token>' (seqbind --token or SEQBIND_TOKEN)"
          : "unknown bearer token"), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    Role needed = roleFor(service);
    if (needed != null && !principal.may(needed)) {
      call.close(Status.PERMISSION_DENIED.withDescription(principal.name() + " may not call "
          + call.getMethodDescriptor().getFullMethodName() + ", which needs the "
          + needed.name().toLowerCase(Locale.ROOT) + " role"), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    return Contexts.interceptCall(Context.current().withValue(PRINCIPAL, principal), call, headers, next);
  }

  /** The role a service's calls need; null for those any authenticated caller may make (reflection). */
  static Role roleFor(String service) {
    return switch (service) {
      case "seqbind.v1.ScorerService", "seqbind.v1.VariantService" -> Role.SCORE;
      case "seqbind.v1.TrainerService" -> Role.TRAIN;
      default -> service.startsWith("grpc.reflection.") ? null : Role.ADMIN;
    };
  }
}
