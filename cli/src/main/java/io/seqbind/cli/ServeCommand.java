package io.seqbind.cli;

import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.seqbind.core.bundle.ModelStore;
import io.seqbind.core.grpc.AuthInterceptor;
import io.seqbind.core.grpc.AuthTokens;
import io.seqbind.core.io.DataRoots;
import io.seqbind.trainer.jobs.JobManager;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code seqbind serve}: the trainer, scorer and variant services on one gRPC port, with gRPC health and
 * server reflection, for a workstation or a pipeline's head node (a cluster runs the three Quarkus services
 * instead). The other commands reach it with {@code --endpoint host:port}.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Serve seqbind.v1.TrainerService, ScorerService and VariantService on one gRPC port (plaintext, or TLS), "
        + "with grpc.health.v1 and server reflection, until interrupted. Training jobs persist under --data-dir "
        + "and resume after a restart.")
final class ServeCommand implements Callable<Integer> {

  @Option(names = "--port", defaultValue = "8080", description = "Port to listen on (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--bind", defaultValue = "127.0.0.1",
      description = "Address to listen on; 0.0.0.0 for every interface (default: ${DEFAULT-VALUE}).")
  String bind;

  @Option(names = "--store", defaultValue = "${env:SEQBIND_STORE:-${sys:user.home}/.seqbind/models}",
      description = "Model store (also SEQBIND_STORE; default: ${DEFAULT-VALUE}).")
  Path store;

  @Option(names = "--data-dir", defaultValue = "${sys:user.home}/.seqbind/jobs",
      description = "Where training jobs keep their state and checkpoints (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--data-root", paramLabel = "DIR",
      description = "Read request paths (SubmitJob's data files, ScoreVcf's VCF and genome) only under this directory;"
          + " repeat for several. Without it a client may name any file the server can read, or, with --auth-tokens,"
          + " none (clients upload their data). Uploads (UploadJob) are not affected.")
  List<Path> dataRoots = new ArrayList<>();

  @Option(names = "--upload-quota", paramLabel = "BYTES", converter = ByteSizes.class,
      description = "Bytes each principal's uploaded training data may take on disk (e.g. 10G; suffixes K, M, G, T"
          + " are powers of 1024); beyond it, and beyond the free disk, UploadJob is refused. Default: no quota.")
  Long uploadQuota;

  @Option(names = "--auth-tokens", paramLabel = "FILE",
      description = "Require a bearer token on every call but gRPC health: one line per token, '<token> <principal>"
          + " <role>[,<role>...]', roles score, train, admin. Without it anyone who reaches the port may call.")
  Path authTokens;

  @Option(names = "--tls-cert", paramLabel = "PEM",
      description = "Serve TLS with this certificate chain (with --tls-key); both files are re-read when they change,"
          + " as cert-manager rotates them.")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "PEM", description = "The certificate's private key (PKCS#8 PEM).")
  Path tlsKey;

  @Option(names = "--tls-client-ca", paramLabel = "PEM",
      description = "Mutual TLS: require a client certificate issued by this CA.")
  Path tlsClientCa;

  @Option(names = "--tls-reload-seconds", defaultValue = "60", hidden = true,
      description = "How often the TLS files are checked for a change (default: ${DEFAULT-VALUE}).")
  long tlsReloadSeconds;

  @Override
  public Integer call() throws Exception {
    checkDirectories();
    AuthTokens tokens = authTokens == null ? null : AuthTokens.read(authTokens);
    ServerTls tls = ServerTls.fromOptions(tlsCert, tlsKey, tlsClientCa, tlsReloadSeconds);
    DataRoots roots = DataRoots.forServer(dataRoots, tokens != null);
    JobManager.Settings jobs = JobManager.Settings.defaults()
        .withUploadQuotaBytes(uploadQuota == null ? Long.MAX_VALUE : uploadQuota);
    ServiceHost host = ServiceHost.start(new ModelStore(store), dataDir, roots, jobs, new SimpleMeterRegistry());
    HealthStatusManager health = new HealthStatusManager();
    NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(bind, port), tls.credentials())
        .maxInboundMessageSize(Services.MAX_MESSAGE_BYTES)
        // Clients ping every 10 s to notice a server that stopped answering; grpc's default would refuse them.
        .permitKeepAliveTime(Services.KEEPALIVE.toSeconds(), TimeUnit.SECONDS).permitKeepAliveWithoutCalls(true)
        .addService(health.getHealthService())
        .addService(ProtoReflectionServiceV1.newInstance());
    host.services().forEach(builder::addService);
    if (tokens != null) {
      builder.intercept(new AuthInterceptor(tokens));
    }
    Server server = builder.build().start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      health.enterTerminalState(); // callers see NOT_SERVING and drain first
      server.shutdown();
      try {
        server.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      host.close();
      tls.close();
    }));
    System.out.printf("seqbind: serving trainer, scorer and variant services on %s:%d, " + tls + " (store %s, jobs %s, data roots"
        + " %s)%n", bind, server.getPort(), store, dataDir, roots.closed() ? "none: server paths are off"
        : dataRoots.isEmpty() ? "none: any path" : dataRoots);
    if (tokens == null) {
      System.out.println("seqbind: no --auth-tokens: every caller that reaches the port may train, score and read"
          + " server paths");
    }
    server.awaitTermination();
    return 0;
  }

  /** A store, job directory or data root that is a file fails here, not in every job after the start. */
  private void checkDirectories() {
    requireDirectory(store, "--store", true);
    requireDirectory(dataDir, "--data-dir", true);
    dataRoots.forEach(root -> requireDirectory(root, "--data-root", false));
  }

  private static void requireDirectory(Path dir, String option, boolean mayCreate) {
    if (Files.isDirectory(dir) || (mayCreate && !Files.exists(dir))) {
      return;
    }
    throw new IllegalArgumentException(option + " " + dir + ": " + (Files.exists(dir) ? "not a directory"
        : "no such directory") + ", expected " + (mayCreate ? "a directory (created when missing)"
        : "an existing directory"));
  }
}
