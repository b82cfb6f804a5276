package io.seqbind.service.security;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Mutual TLS for the gRPC calls: with {@code seqbind.tls.require-client-certificate=true}, a call whose
 * connection presented no client certificate is refused with UNAUTHENTICATED (gRPC health excepted).
 *
 * <p>Why here and not in the TLS handshake: Quarkus fixes {@code quarkus.http.ssl.client-auth} at build time,
 * and the services share one port for gRPC and HTTP health. The services are built with {@code client-auth=
 * request}: a certificate that is presented is verified in the handshake against the trust store
 * ({@code quarkus.tls.trust-store.*}, the client CA) and a bad one ends the connection there; one that is not
 * presented is refused here, so that Kubernetes' HTTPS probes (which carry no certificate) still reach
 * {@code /q/health}.
 */
@Singleton // created with the gRPC server at start, not at the first call: a bad file stops the start
@GlobalInterceptor
@Priority(ClientCertificateServerInterceptor.PRIORITY)
public class ClientCertificateServerInterceptor implements ServerInterceptor {

  static final int PRIORITY = 200;

  static final String NO_CERTIFICATE = "no client certificate: this service requires mutual TLS"
      + " (a certificate issued by its client CA: seqbind --tls-cert and --tls-key, or SEQBIND_TLS_CERT and"
      + " SEQBIND_TLS_KEY)";

  private static final Logger LOG = Logger.getLogger(ClientCertificateServerInterceptor.class);

  private final boolean required;

  @Inject
  public ClientCertificateServerInterceptor(
      @ConfigProperty(name = "seqbind.tls.require-client-certificate", defaultValue = "false") boolean required,
      @ConfigProperty(name = "quarkus.tls.trust-store.pem.certs") Optional<List<String>> clientCa) {
    this.required = required;
    if (required && clientCa.isEmpty()) {
      // Without a client CA the handshake would verify presented certificates against nothing useful.
      throw new IllegalStateException("seqbind.tls.require-client-certificate=true needs the client CA in"
          + " quarkus.tls.trust-store.pem.certs (QUARKUS_TLS_TRUST_STORE_PEM_CERTS)");
    }
    if (required) {
      LOG.info("seqbind: mutual TLS: gRPC calls need a client certificate from the trust store's CA");
    }
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    if (!required || "grpc.health.v1.Health".equals(call.getMethodDescriptor().getServiceName())
        || presentedCertificate(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION))) {
      return next.startCall(call, headers);
    }
    call.close(Status.UNAUTHENTICATED.withDescription(NO_CERTIFICATE), new Metadata());
    return new ServerCall.Listener<>() {};
  }

  private static boolean presentedCertificate(SSLSession session) {
    if (session == null) {
      return false; // plaintext: no TLS at all
    }
    try {
      return session.getPeerCertificates().length > 0;
    } catch (SSLPeerUnverifiedException none) {
      return false;
    }
  }
}
