package io.seqbind.cli;

import io.seqbind.core.concurrent.DaemonThreads;
import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.util.AdvancedTlsX509KeyManager;
import io.grpc.util.AdvancedTlsX509TrustManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code seqbind serve}'s transport: plaintext, TLS, or mutual TLS. The certificate, key and client CA are
 * read from files and re-read on a schedule, so a rotated certificate (cert-manager writes the Secret's files
 * anew) is served to new connections without a restart.
 */
final class ServerTls implements AutoCloseable {

  private final ServerCredentials credentials;
  private final String description;
  private final ScheduledExecutorService timer;

  private ServerTls(ServerCredentials credentials, String description, ScheduledExecutorService timer) {
    this.credentials = credentials;
    this.description = description;
    this.timer = timer;
  }

  static ServerTls fromOptions(Path cert, Path key, Path clientCa, long reloadSeconds)
      throws IOException, GeneralSecurityException {
    if (cert == null && key == null) {
      if (clientCa != null) {
        throw new IllegalArgumentException("--tls-client-ca needs --tls-cert and --tls-key");
      }
      return new ServerTls(InsecureServerCredentials.create(), "plaintext", null);
    }
    if (cert == null || key == null) {
      throw new IllegalArgumentException("--tls-cert and --tls-key go together");
    }
    for (Path file : clientCa == null ? List.of(cert, key) : List.of(cert, key, clientCa)) {
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException(file + ": no such file, expected a PEM file");
      }
    }
    if (reloadSeconds < 1) {
      throw new IllegalArgumentException("--tls-reload-seconds must be at least 1, got " + reloadSeconds);
    }
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
        DaemonThreads.single("seqbind-tls-reload"));
    AdvancedTlsX509KeyManager keys = new AdvancedTlsX509KeyManager();
    Reload identity = new Reload(List.of(cert, key), () -> keys.updateIdentityCredentials(cert.toFile(), key.toFile()));
    TlsServerCredentials.Builder tls = TlsServerCredentials.newBuilder().keyManager(keys);
    timer.scheduleWithFixedDelay(identity::ifChanged, reloadSeconds, reloadSeconds, TimeUnit.SECONDS);
    if (clientCa != null) {
      AdvancedTlsX509TrustManager trust = AdvancedTlsX509TrustManager.newBuilder()
          .setVerification(AdvancedTlsX509TrustManager.Verification.CERTIFICATE_ONLY_VERIFICATION).build();
      Reload trusted = new Reload(List.of(clientCa), () -> trust.updateTrustCredentials(clientCa.toFile()));
      timer.scheduleWithFixedDelay(trusted::ifChanged, reloadSeconds, reloadSeconds, TimeUnit.SECONDS);
      tls.trustManager(trust).clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
    }
    return new ServerTls(tls.build(), clientCa == null ? "TLS" : "mutual TLS", timer);
  }

  /** Loads files now, and again whenever one of them changes (modification time or size). */
  private static final class Reload {
    interface Loader {
      void load() throws IOException, GeneralSecurityException;
    }

    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(ServerTls.class.getName());
    private final List<Path> files;
    private final Loader loader;
    private List<String> stamps;

    Reload(List<Path> files, Loader loader) throws IOException, GeneralSecurityException {
      this.files = files;
      this.loader = loader;
      stamps = stamps();
      loader.load();
    }

    void ifChanged() {
      try {
        List<String> now = stamps();
        if (!now.equals(stamps)) {
          loader.load(); // a half-written pair fails here and is tried again next time
          stamps = now;
          LOG.info("seqbind: reloaded " + files);
        }
      } catch (IOException | GeneralSecurityException | RuntimeException e) {
        LOG.warning("seqbind: cannot reload " + files + " yet: " + e);
      }
    }

    private List<String> stamps() throws IOException {
      List<String> out = new ArrayList<>();
      for (Path file : files) {
        out.add(Files.getLastModifiedTime(file) + "/" + Files.size(file));
      }
      return out;
    }
  }

  ServerCredentials credentials() {
    return credentials;
  }

  @Override
  public String toString() {
    return description;
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
