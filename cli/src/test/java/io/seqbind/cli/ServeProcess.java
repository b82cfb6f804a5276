package io.seqbind.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code seqbind serve} in its own JVM, as a user starts it: all three services on one port of localhost. */
final class ServeProcess {

  private ServeProcess() {}

  /**
   * Starts it with its store in {@code dir/store}, jobs in {@code dir/jobs}, {@code options} added, and its output in
   * {@code dir/serve-PORT-*.log}. The class path goes in CLASSPATH, not on the command line: ONNX Runtime
   * 1.29 crashes a JVM whose command line is longer than about 4 KB.
   */
  static Process start(Path dir, int port, String... options) throws IOException {
    List<String> command = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), SeqbindCommand.class.getName(), "serve",
        "--port", String.valueOf(port), "--store", dir.resolve("store").toString(),
        "--data-dir", dir.resolve("jobs").toString()));
    command.addAll(List.of(options));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("CLASSPATH", System.getProperty("java.class.path"));
    // As the ./seqbind launcher does: PoCL's LLVM replaces the JVM's signal handlers unless libjsig chains them.
    Path jsig = Path.of(System.getProperty("java.home"), "lib", "libjsig.so");
    if (Files.exists(jsig)) {
      builder.environment().put("LD_PRELOAD", jsig.toString());
    }
    builder.redirectErrorStream(true).redirectOutput(dir.resolve("serve-" + port + "-" + System.nanoTime() + ".log")
        .toFile());
    return builder.start();
  }

  /** Returns once {@code port} accepts connections; fails when {@code server} exits first or after 120 s. */
  static void awaitListening(Process server, int port) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
        throw new IllegalStateException("seqbind serve exited with " + server.exitValue() + " before listening");
      }
      try (Socket socket = new Socket("localhost", port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    throw new IllegalStateException("seqbind serve did not listen on port " + port + " within 120 s");
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
