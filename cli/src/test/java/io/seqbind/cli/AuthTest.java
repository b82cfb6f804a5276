package io.seqbind.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code seqbind serve --auth-tokens} against the CLI's --token and --token-file, in separate JVMs as users run them. */
class AuthTest {

  private static final String TOKEN = "alice-token-0123456789abcdef";

  @TempDir static Path dir;
  private static Process server;
  private static int port;
  private static Path fasta;

  @BeforeAll
  static void serve() throws Exception {
    Path tokens = Files.writeString(dir.resolve("tokens"), TOKEN + " alice score\n");
    port = ServeProcess.freePort();
    server = ServeProcess.start(dir, port, "--auth-tokens", tokens.toString());
    ServeProcess.awaitListening(server, port);
    fasta = Files.writeString(dir.resolve("one.fa"), ">s\n" + "ACGT".repeat(30) + "\n");
  }

  @AfterAll
  static void stop() throws Exception {
    server.destroy();
    server.waitFor(30, TimeUnit.SECONDS);
  }

  private record Result(int code, String err) {}

  private static Result score(String... auth) {
    StringWriter err = new StringWriter();
    CommandLine cmd = SeqbindCommand.commandLine();
    cmd.setErr(new PrintWriter(err, true));
    String[] args = {"score", "--endpoint", "localhost:" + port, "--model", "0".repeat(64), "--input", fasta.toString()};
    String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.Arrays.stream(auth))
        .toArray(String[]::new);
    return new Result(cmd.execute(all), err.toString().strip());
  }

  @Test
  void withoutATokenTheCallIsUnauthenticatedInOneLine() {
    Result r = score();
    assertEquals(OneLineErrors.FAILURE, r.code());
    assertEquals("score: error: UNAUTHENTICATED: no bearer token: send 'authorization: Bearer <token>' (seqbind"
        + " --token or SEQBIND_TOKEN)", r.err());
    assertEquals("score: error: UNAUTHENTICATED: unknown bearer token", score("--token", TOKEN + "x").err());
  }

  @Test
  void aValidTokenGetsThroughToTheScorer() throws Exception {
    // Past authentication, the scorer itself answers: the model does not exist.
    Result r = score("--token", TOKEN);
    assertEquals(OneLineErrors.BAD_INPUT, r.code(), r.err());
    assertEquals("score: NOT_FOUND: no model with id " + "0".repeat(64) + " in the store", r.err());
    Path file = Files.writeString(dir.resolve("token.txt"), TOKEN + "\n");
    assertEquals(r, score("--token-file", file.toString()));
  }
}
