package io.seqbind.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.CallCredentials;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import io.seqbind.core.bundle.ModelBundle;
import io.seqbind.core.bundle.ModelStore;
import io.seqbind.core.testing.SystemPython;
import io.seqbind.proto.v1.SubmitJobRequest;
import io.seqbind.proto.v1.GetJobRequest;
import io.seqbind.proto.v1.ListJobsRequest;
import io.seqbind.proto.v1.TrainerServiceGrpc;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged Quarkus services ({@code <service>/target/quarkus-app/quarkus-run.jar}, as the images run them)
 * with TLS, mutual TLS and bearer tokens switched on by environment, as the Helm chart does, and certificates
 * made here by openssl. Each jar starts once: the trainer with TLS and tokens (and a certificate rotated on
 * disk), the scorer with mutual TLS and tokens, and the variant service with TLS and tokens, reaching that
 * scorer with its own client certificate and token. Clients: the CLI in this JVM, and grpc-java where the CLI has
 * no command for the call (health, reflection, SubmitJob by path).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServiceJarsSecurityIT {

  private static final String ADMIN = "admin-token-0123456789abcdef";
  private static final String SCORE = "score-token-0123456789abcdef";
  private static final String VARIANT = "variant-token-0123456789abcd";
  private static final String CAROL = "carol-token-0123456789abcdef";
  private static final String DAVE = "dave-token-0123456789abcdef0";
  private static final String NO_MODEL = "0".repeat(64);

  @TempDir static Path dir;
  private static TestCertificates certs;
  private static final List<Process> services = new ArrayList<>();
  private static int trainer;
  private static int scorer;
  private static int variant;
  private static final Path testData = SystemPython.repositoryRoot().resolve("galaxy/test-data");
  private static final String MODEL = "ctcf_demo:1";
  private static Path trainerCert;
  private static Path trainerKey;

  @BeforeAll
  static void start() throws Exception {
    certs = new TestCertificates(dir).ca("ca").ca("other-ca").issue("ca", "server").issue("ca", "client")
        .issue("other-ca", "rotated");
    Path tokens = Files.writeString(dir.resolve("tokens"), "# token principal roles\n" + ADMIN + " alice admin\n"
        + SCORE + " bob score\n" + VARIANT + " variant-service score\n" + CAROL + " carol train\n" + DAVE
        + " dave train\n");
    Path variantToken = Files.writeString(dir.resolve("variant-token"), VARIANT + "\n");
    trainerCert = Files.copy(certs.pem("server"), dir.resolve("live.pem"));
    trainerKey = Files.copy(certs.key("server"), dir.resolve("live.key"));
    Path store = Files.createDirectories(dir.resolve("store"));
    trainer = ServeProcess.freePort();
    scorer = ServeProcess.freePort();
    variant = ServeProcess.freePort();
    Map<String, String> tls = Map.of("QUARKUS_TLS_KEY_STORE_PEM_A_CERT", certs.pem("server").toString(),
        "QUARKUS_TLS_KEY_STORE_PEM_A_KEY", certs.key("server").toString(),
        "QUARKUS_HTTP_INSECURE_REQUESTS", "disabled", "SEQBIND_AUTH_TOKENS_FILE", tokens.toString());
    services.add(startJar("trainer", trainer, tls, Map.of("QUARKUS_TLS_KEY_STORE_PEM_A_CERT", trainerCert.toString(),
        "QUARKUS_TLS_KEY_STORE_PEM_A_KEY", trainerKey.toString(), "QUARKUS_TLS_RELOAD_PERIOD", "1s",
        "SEQBIND_DATA_DIR", dir.resolve("jobs").toString())));
    services.add(startJar("scorer", scorer, tls, Map.of("QUARKUS_TLS_TRUST_STORE_PEM_CERTS",
        certs.pem("ca").toString(), "SEQBIND_TLS_REQUIRE_CLIENT_CERTIFICATE", "true")));
    services.add(startJar("variant", variant, tls, Map.of("QUARKUS_GRPC_CLIENTS_SCORER_HOST", "localhost",
        "QUARKUS_GRPC_CLIENTS_SCORER_PORT", String.valueOf(scorer),
        "QUARKUS_GRPC_CLIENTS_SCORER_SSL_TRUST_STORE", certs.pem("ca").toString(),
        "QUARKUS_GRPC_CLIENTS_SCORER_SSL_CERTIFICATE", certs.pem("client").toString(),
        "QUARKUS_GRPC_CLIENTS_SCORER_SSL_KEY", certs.key("client").toString(),
        "SEQBIND_AUTH_CLIENT_TOKEN_FILE", variantToken.toString())));
    // The store the scorer and the variant service share holds the Galaxy tools' small test model.
    new ModelStore(store).add(Files.readAllBytes(testData.resolve("model.onnx")), ModelBundle.load(testData).info());
    for (int i = 0; i < services.size(); i++) {
      awaitListening(services.get(i), List.of(trainer, scorer, variant).get(i));
    }
  }

  /** Starts a service's packaged jar on {@code port} (TLS only: no plaintext port) with these environments. */
  private static Process startJar(String service, int port, Map<String, String> common, Map<String, String> own)
      throws Exception {
    Path jar = SystemPython.repositoryRoot().resolve(service + "-service/target/quarkus-app/quarkus-run.jar");
    assertTrue(Files.isRegularFile(jar), jar + " is missing: run with verify (the reactor packages the services)");
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dquarkus.http.port=" + port, "-Dquarkus.http.ssl-port=" + port,
        "-Dseqbind.store.dir=" + dir.resolve("store"), "-jar", jar.toString());
    builder.environment().putAll(common);
    builder.environment().putAll(own);
    Path jsig = Path.of(System.getProperty("java.home"), "lib", "libjsig.so");
    if (Files.exists(jsig)) {
      builder.environment().put("LD_PRELOAD", jsig.toString()); // as the chart does for PoCL's signal handlers
    }
    return builder.redirectErrorStream(true).redirectOutput(dir.resolve(service + ".log").toFile()).start();
  }

  private static void awaitListening(Process service, int port) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline && service.isAlive()) {
      try (Socket socket = new Socket("localhost", port)) {
        return;
      } catch (java.io.IOException notYet) {
        Thread.sleep(200);
      }
    }
    throw new IllegalStateException("a service jar did not listen on " + port + ": see the logs in " + dir);
  }

  @AfterAll
  static void stop() throws Exception {
    for (Process service : services) {
      service.destroy();
    }
    for (Process service : services) {
      service.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static String fasta() {
    return testData.resolve("test.fa").toString();
  }

  private static CliRun.Result score(String... options) throws Exception {
    List<String> args = new ArrayList<>(List.of("score", "--endpoint", "localhost:" + scorer, "--timeout", "20",
        "--model", NO_MODEL, "--input", fasta()));
    args.addAll(List.of(options));
    return CliRun.run(args.toArray(String[]::new));
  }

  private static String[] clientCertificate(String name) {
    return new String[] {"--tls-cert", certs.pem(name).toString(), "--tls-key", certs.key(name).toString()};
  }

  private static String[] concat(String[] a, String... b) {
    return java.util.stream.Stream.concat(java.util.Arrays.stream(a), java.util.Arrays.stream(b))
        .toArray(String[]::new);
  }

  private static void assertUnavailable(CliRun.Result r) {
    assertEquals(OneLineErrors.FAILURE, r.code(), r.err());
    assertTrue(r.err().startsWith("score: error: UNAVAILABLE: seqbind.v1.ScorerService/Score at localhost:" + scorer
        + " is unavailable"), r.err());
  }

  @Test
  void theScorerAdmitsOnlyClientsWithTheCaTheCertificateAndAToken() throws Exception {
    String ca = certs.pem("ca").toString();
    String[] client = clientCertificate("client");
    assertUnavailable(score("--token", SCORE)); // plaintext to the TLS port
    assertUnavailable(score(concat(client, "--tls-ca", certs.pem("other-ca").toString(), "--token", SCORE)));

    String noCertificate = "score: error: UNAUTHENTICATED: no client certificate: this service requires mutual TLS"
        + " (a certificate issued by its client CA: seqbind --tls-cert and --tls-key, or SEQBIND_TLS_CERT and"
        + " SEQBIND_TLS_KEY)";
    CliRun.Result without = score("--tls-ca", ca, "--token", SCORE);
    assertEquals(OneLineErrors.FAILURE, without.code());
    assertEquals(noCertificate, without.err().strip());
    // A certificate from another CA: the server asks for one issued by its client CA, so the client sends none.
    assertEquals(noCertificate, score(concat(clientCertificate("rotated"), "--tls-ca", ca, "--token", SCORE))
        .err().strip());
    CliRun.Result noToken = score(concat(client, "--tls-ca", ca));
    assertEquals(OneLineErrors.FAILURE, noToken.code());
    assertEquals("score: error: UNAUTHENTICATED: no bearer token: send 'authorization: Bearer <token>' (seqbind"
        + " --token or SEQBIND_TOKEN)", noToken.err().strip());
    assertEquals("score: error: UNAUTHENTICATED: unknown bearer token",
        score(concat(client, "--tls-ca", ca, "--token", SCORE + "x")).err().strip());

    CliRun.Result through = score(concat(client, "--tls-ca", ca, "--token", SCORE));
    assertEquals(OneLineErrors.BAD_INPUT, through.code(), through.err());
    assertEquals("score: NOT_FOUND: no model with id " + NO_MODEL + " in the store", through.err().strip());
    Path scores = dir.resolve("scores.tsv");
    CliRun.Result scored = CliRun.run(concat(new String[] {"score", "--endpoint", "localhost:" + scorer, "--model",
        MODEL, "--input", fasta(), "--out", scores.toString(), "--tls-ca", ca, "--token", SCORE}, client));
    assertEquals(0, scored.code(), scored.err());
    long sequences = Files.readAllLines(testData.resolve("test.fa")).stream().filter(l -> l.startsWith(">")).count();
    assertEquals(sequences + 1, Files.readAllLines(scores).size()); // a header and a row per sequence
  }

  @Test
  void aScoreTokenMayNotTrain() throws Exception {
    try (Closing channel = channel(trainer, "ca", null)) {
      StatusRuntimeException denied = assertThrows(StatusRuntimeException.class,
          () -> TrainerServiceGrpc.newBlockingStub(channel.channel).withCallCredentials(bearer(SCORE))
              .submitJob(SubmitJobRequest.getDefaultInstance()));
      assertEquals(Status.Code.PERMISSION_DENIED, denied.getStatus().getCode());
      assertEquals("bob may not call seqbind.v1.TrainerService/SubmitJob, which needs the train role",
          denied.getStatus().getDescription());
    }
  }

  /**
   * Jobs belong to who submitted them in the packaged trainer too (the principal reaches Quarkus's blocking
   * worker threads): carol trains through an upload (server paths are off: tokens and no data roots), dave
   * gets NOT_FOUND for her job with the message of a job that does not exist and an empty list, alice (admin)
   * sees it.
   */
  @Test
  void aJobIsSeenOnlyByItsOwnerAndAnAdmin() throws Exception {
    CliRun.Result trained = CliRun.run("train", "--endpoint", "localhost:" + trainer, "--tls-ca",
        certs.pem("ca").toString(), "--token", CAROL, "--input", testData.resolve("train.seq").toString(),
        "--max-steps", "20", "--device", "java", "--name", "carols");
    assertEquals(0, trained.code(), trained.err());
    String job = trained.out().lines().filter(l -> l.startsWith("job: ")).findFirst().orElseThrow().substring(5);
    try (Closing channel = channel(trainer, "ca", null)) {
      TrainerServiceGrpc.TrainerServiceBlockingStub stub = TrainerServiceGrpc.newBlockingStub(channel.channel);
      GetJobRequest get = GetJobRequest.newBuilder().setJobId(job).build();
      assertEquals(job, stub.withCallCredentials(bearer(CAROL)).getJob(get).getJob().getId());
      assertEquals(job, stub.withCallCredentials(bearer(ADMIN)).getJob(get).getJob().getId());
      StatusRuntimeException hidden = assertThrows(StatusRuntimeException.class,
          () -> stub.withCallCredentials(bearer(DAVE)).getJob(get));
      String other = job.substring(0, job.length() - 1) + (job.endsWith("0") ? "1" : "0");
      StatusRuntimeException missing = assertThrows(StatusRuntimeException.class,
          () -> stub.withCallCredentials(bearer(CAROL)).getJob(GetJobRequest.newBuilder().setJobId(other).build()));
      assertEquals(Status.Code.NOT_FOUND, hidden.getStatus().getCode());
      assertEquals(missing.getStatus().getDescription().replace(other, job), hidden.getStatus().getDescription());
      assertEquals(0, stub.withCallCredentials(bearer(DAVE)).listJobs(ListJobsRequest.getDefaultInstance())
          .getJobsCount());
      assertEquals(List.of(job), stub.withCallCredentials(bearer(CAROL)).listJobs(ListJobsRequest.getDefaultInstance())
          .getJobsList().stream().map(j -> j.getId()).toList());
    }
  }

  @Test
  void eachServiceSaysAtStartWhatItRequires() throws Exception {
    for (String service : List.of("trainer", "scorer", "variant")) {
      String log = Files.readString(dir.resolve(service + ".log"));
      assertTrue(log.contains("seqbind: bearer tokens required (tokens from " + dir.resolve("tokens")
          + "); gRPC health stays open"), service + ": " + log);
      assertEquals(service.equals("scorer"), log.contains("seqbind: mutual TLS: gRPC calls need a client certificate"),
          service);
      assertTrue(!log.contains(ADMIN) && !log.contains(SCORE) && !log.contains(VARIANT), service + " logs a token");
    }
  }

  @Test
  void healthStaysOpenAndReflectionNeedsAToken() throws Exception {
    // The scorer wants a client certificate for gRPC calls, but health (gRPC and HTTPS) is open to probes.
    try (Closing channel = channel(scorer, "ca", null)) {
      assertEquals(ServingStatus.SERVING, HealthGrpc.newBlockingStub(channel.channel)
          .check(HealthCheckRequest.getDefaultInstance()).getStatus());
    }
    HttpResponse<String> ready = HttpClient.newBuilder().sslContext(trusting(certs.pem("ca"))).build()
        .send(HttpRequest.newBuilder(URI.create("https://localhost:" + scorer + "/q/health/ready")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, ready.statusCode(), ready.body());
    try (Closing channel = channel(trainer, "ca", null)) {
      CompletableFuture<Throwable> refused = new CompletableFuture<>();
      StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel.channel)
          .serverReflectionInfo(new StreamObserver<>() {
            @Override
            public void onNext(ServerReflectionResponse value) {
              refused.complete(null);
            }

            @Override
            public void onError(Throwable t) {
              refused.complete(t);
            }

            @Override
            public void onCompleted() {
              refused.complete(null);
            }
          });
      requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
      Throwable t = refused.get(20, TimeUnit.SECONDS);
      assertTrue(t instanceof StatusRuntimeException, String.valueOf(t));
      assertEquals(Status.Code.UNAUTHENTICATED, ((StatusRuntimeException) t).getStatus().getCode());
    }
  }

  @Test
  void theVariantServiceReachesTheScorerWithItsOwnCertificateAndToken() throws Exception {
    Path maps = dir.resolve("maps");
    String one = testData.resolve("mutmap.fa").toString();
    CliRun.Result mutmap = CliRun.run("mutmap", "--endpoint", "localhost:" + variant, "--tls-ca",
        certs.pem("ca").toString(), "--token", SCORE, "--model", MODEL, "--input", one, "--out", maps.toString());
    assertEquals(0, mutmap.code(), mutmap.err());
    try (var listing = Files.list(maps)) {
      assertTrue(listing.findAny().isPresent(), "no maps written");
    }
    CliRun.Result noToken = CliRun.run("mutmap", "--endpoint", "localhost:" + variant, "--tls-ca",
        certs.pem("ca").toString(), "--model", MODEL, "--input", one, "--out", dir.resolve("none").toString());
    assertEquals(OneLineErrors.FAILURE, noToken.code(), noToken.err());
    assertTrue(noToken.err().startsWith("mutmap: error: UNAUTHENTICATED: no bearer token"), noToken.err());
  }

  @Test
  @Order(Integer.MAX_VALUE) // last: the trainer serves another CA's certificate from here on
  void aCertificateReplacedOnDiskIsServedToNewConnectionsWithoutARestart() throws Exception {
    assertEquals(ServingStatus.SERVING, health(trainer, "ca"));
    // As cert-manager does: new files in place, here from another CA.
    Files.copy(certs.key("rotated"), trainerKey, StandardCopyOption.REPLACE_EXISTING);
    Files.copy(certs.pem("rotated"), trainerCert, StandardCopyOption.REPLACE_EXISTING);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    ServingStatus rotated = health(trainer, "other-ca");
    while (rotated == null && System.nanoTime() < deadline) {
      Thread.sleep(200);
      rotated = health(trainer, "other-ca");
    }
    assertEquals(ServingStatus.SERVING, rotated);
    assertEquals(null, health(trainer, "ca"), "the old certificate is no longer served");
  }

  /** The trainer's gRPC health over a new connection trusting {@code ca}; null when TLS fails. */
  private static ServingStatus health(int port, String ca) throws Exception {
    try (Closing channel = channel(port, ca, null)) {
      return HealthGrpc.newBlockingStub(channel.channel).withDeadlineAfter(10, TimeUnit.SECONDS)
          .check(HealthCheckRequest.getDefaultInstance()).getStatus();
    } catch (StatusRuntimeException e) {
      assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.toString());
      return null;
    }
  }

  private record Closing(ManagedChannel channel) implements AutoCloseable {
    @Override
    public void close() throws InterruptedException {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static Closing channel(int port, String ca, String clientCertificate) throws Exception {
    TlsChannelCredentials.Builder tls = TlsChannelCredentials.newBuilder().trustManager(certs.pem(ca).toFile());
    if (clientCertificate != null) {
      tls.keyManager(certs.pem(clientCertificate).toFile(), certs.key(clientCertificate).toFile());
    }
    ChannelCredentials credentials = tls.build();
    return new Closing(Grpc.newChannelBuilderForAddress("localhost", port, credentials).build());
  }

  private static CallCredentials bearer(String token) {
    return new CallCredentials() {
      @Override
      public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        applier.apply(headers);
      }
    };
  }

  private static SSLContext trusting(Path caPem) throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(caPem)) {
      trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }
}
