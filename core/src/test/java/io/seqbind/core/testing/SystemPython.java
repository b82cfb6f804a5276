package io.seqbind.core.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Debian's /usr/bin/python3, the independent reference of several tests (python3-onnx's checker, gRPC
 * clients from generated stubs). Always that one, not a python3 on PATH (a pyenv one lacks Debian's
 * packages); test.sh installs the packages when it runs as root.
 */
public final class SystemPython {

  public static final Path PYTHON = Path.of("/usr/bin/python3");

  /** What a run printed: {@code stdout}, and {@code stderr} apart so that callers can parse stdout. */
  public record Run(int exit, String stdout, String stderr) {
    public String output() {
      return stdout + stderr;
    }
  }

  private SystemPython() {}

  /** Whether {@link #PYTHON} exists and imports every module of {@code modules} (comma-separated). */
  public static boolean canImport(String modules) {
    try {
      return Files.isExecutable(PYTHON) && run(List.of("-c", "import " + modules), null, Map.of()).exit() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  /** Runs python3 with {@code args} (a script or -c CODE first) in {@code dir} (null: this one). */
  public static Run run(List<String> args, Path dir, Map<String, String> env) throws IOException {
    List<String> command = new ArrayList<>(List.of(PYTHON.toString()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command);
    if (dir != null) {
      builder.directory(dir.toFile());
    }
    builder.environment().putAll(env);
    Process p = builder.start();
    // Both pipes drained at once: a child blocked on a full stderr pipe would never end.
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
    String out = read(p.getInputStream());
    try {
      if (!p.waitFor(300, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Run(-1, out, "timed out after 300 s: " + String.join(" ", command));
      }
      return new Run(p.exitValue(), out, err.join());
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static String read(java.io.InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  /** The repository's root seen from a module's directory (where surefire runs tests). */
  public static Path repositoryRoot() {
    return Path.of("..").toAbsolutePath().normalize();
  }
}
