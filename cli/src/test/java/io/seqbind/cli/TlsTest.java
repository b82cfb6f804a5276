package io.seqbind.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code seqbind serve --tls-*} against the CLI's --tls-* with certificates made here by openssl (never
 * committed): who gets through and who does not, and a certificate rotated on disk served without a restart.
 */
class TlsTest {

  @TempDir static Path dir;
  private static Path fasta;
  private final List<Process> servers = new ArrayList<>();

  private static String pem(String name) {
    return dir.resolve(name + ".pem").toString();
  }

  @BeforeAll
  static void certificates() throws Exception {
    new TestCertificates(dir).ca("ca").ca("other-ca").issue("ca", "server").issue("ca", "client")
        .issue("other-ca", "rotated");
    fasta = Files.writeString(dir.resolve("one.fa"), ">s\n" + "ACGT".repeat(30) + "\n");
  }

  @AfterEach
  void stop() throws Exception {
    for (Process server : servers) {
      server.destroy();
      server.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private int serve(String... tls) throws Exception {
    int port = ServeProcess.freePort();
    Path home = Files.createDirectories(dir.resolve("serve-" + port));
    Process server = ServeProcess.start(home, port, tls);
    servers.add(server);
    ServeProcess.awaitListening(server, port);
    return port;
  }

  private record Result(int code, String err) {}

  private static Result score(int port, String... tls) {
    StringWriter err = new StringWriter();
    CommandLine cmd = SeqbindCommand.commandLine();
    cmd.setErr(new PrintWriter(err, true));
    List<String> args = new ArrayList<>(List.of("score", "--endpoint", "localhost:" + port, "--timeout", "20",
        "--model", "0".repeat(64), "--input", fasta.toString()));
    args.addAll(List.of(tls));
    return new Result(cmd.execute(args.toArray(String[]::new)), err.toString().strip());
  }

  /** Past the transport, the scorer answers: the model does not exist. */
  private static void assertThrough(Result r) {
    assertEquals(OneLineErrors.BAD_INPUT, r.code(), r.err());
    assertTrue(r.err().startsWith("score: NOT_FOUND: no model with id"), r.err());
  }

  private static void assertRefused(Result r) {
    assertEquals(OneLineErrors.FAILURE, r.code(), r.err());
    assertTrue(r.err().startsWith("score: error: UNAVAILABLE: seqbind.v1.ScorerService/Score at localhost:"), r.err());
  }

  @Test
  void tlsLetsInOnlyClientsThatTrustTheServersCa() throws Exception {
    int port = serve("--tls-cert", pem("server"), "--tls-key", dir.resolve("server.key").toString());
    assertThrough(score(port, "--tls-ca", pem("ca")));
    assertRefused(score(port)); // plaintext to a TLS port
    assertRefused(score(port, "--tls-ca", pem("other-ca")));
  }

  @Test
  void mutualTlsNeedsAClientCertificateFromTheClientCa() throws Exception {
    int port = serve("--tls-cert", pem("server"), "--tls-key", dir.resolve("server.key").toString(),
        "--tls-client-ca", pem("ca"));
    assertRefused(score(port, "--tls-ca", pem("ca")));
    assertThrough(score(port, "--tls-ca", pem("ca"), "--tls-cert", pem("client"), "--tls-key",
        dir.resolve("client.key").toString()));
    assertRefused(score(port, "--tls-ca", pem("ca"), "--tls-cert", pem("rotated"), "--tls-key",
        dir.resolve("rotated.key").toString())); // a certificate from another CA
  }

  @Test
  void aCertificateReplacedOnDiskIsServedWithoutARestart() throws Exception {
    Path cert = Files.copy(dir.resolve("server.pem"), dir.resolve("live.pem"), StandardCopyOption.REPLACE_EXISTING);
    Path key = Files.copy(dir.resolve("server.key"), dir.resolve("live.key"), StandardCopyOption.REPLACE_EXISTING);
    int port = serve("--tls-cert", cert.toString(), "--tls-key", key.toString(), "--tls-reload-seconds", "1");
    assertThrough(score(port, "--tls-ca", pem("ca")));

    // As cert-manager does: new files in place; new connections get the certificate of the other CA.
    Files.copy(dir.resolve("rotated.key"), key, StandardCopyOption.REPLACE_EXISTING);
    Files.copy(dir.resolve("rotated.pem"), cert, StandardCopyOption.REPLACE_EXISTING);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    Result r = score(port, "--tls-ca", pem("other-ca"));
    while (r.code() != OneLineErrors.BAD_INPUT && System.nanoTime() < deadline) {
      Thread.sleep(500);
      r = score(port, "--tls-ca", pem("other-ca"));
    }
    assertThrough(r);
    assertRefused(score(port, "--tls-ca", pem("ca")));
  }
}
