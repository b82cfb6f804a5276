package io.seqbind.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Certificates made at test time by openssl (never committed): self-signed CAs and localhost certificates they
 * issue, each as {@code NAME.pem} and its PKCS#8 key {@code NAME.key} in one directory.
 */
final class TestCertificates {

  private final Path dir;

  TestCertificates(Path dir) {
    this.dir = dir;
  }

  /** A self-signed CA: NAME.pem and NAME.key. */
  TestCertificates ca(String name) throws Exception {
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".pem",
        "-days", "2", "-subj", "/CN=" + name);
    return this;
  }

  /** A certificate for localhost (DNS and 127.0.0.1) signed by {@code ca}: NAME.pem and NAME.key. */
  TestCertificates issue(String ca, String name) throws Exception {
    Files.writeString(dir.resolve("san.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr", "-subj",
        "/CN=localhost");
    openssl("x509", "-req", "-in", name + ".csr", "-CA", ca + ".pem", "-CAkey", ca + ".key", "-CAcreateserial",
        "-out", name + ".pem", "-days", "2", "-extfile", "san.ext");
    return this;
  }

  Path pem(String name) {
    return dir.resolve(name + ".pem");
  }

  Path key(String name) {
    return dir.resolve(name + ".key");
  }

  private void openssl(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Path log = dir.resolve("openssl.log");
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    assertEquals(0, p.waitFor(), "openssl " + args[0] + ": " + Files.readString(log));
  }
}
