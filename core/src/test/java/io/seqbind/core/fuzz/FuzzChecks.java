package io.seqbind.core.fuzz;

import io.seqbind.core.io.Quoted;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The properties every fuzz target asserts (issue 17): a reader or a request check may only fail with its
 * documented exceptions; its error message quotes at most a short token of the input (never a line, never a
 * file's content); and one input costs bounded memory.
 *
 * <p>The echo check is sound and does not flake: a message may legitimately contain the file's path, fixed
 * text and a {@link Quoted} token of at most {@link Quoted#MAX_CHARS} characters, which its quotes (escaped
 * inside the token) end. So after the known paths are cut out, no run of more than {@link #MAX_ECHO}
 * consecutive characters of the message may also occur in the input. The slack above MAX_CHARS covers the
 * quotes and a few characters of fixed text that the input happens to repeat next to the token; a real echo of
 * a line is longer than that.
 */
public final class FuzzChecks {

  /** The longest run of input characters a message may repeat. */
  public static final int MAX_ECHO = Quoted.MAX_CHARS + 8;

  /**
   * Bytes one input may allocate: a fixed allowance (buffers, class initialisation, a model) plus a multiple
   * of the input's size. A reader that allocates from a number it parsed (a length field, a coordinate)
   * rather than from what it read exceeds it.
   */
  public static final long ALLOCATION_BASE = 96L << 20;
  public static final long ALLOCATION_PER_INPUT_BYTE = 64;

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private static final java.lang.management.ClassLoadingMXBean CLASSES = ManagementFactory.getClassLoadingMXBean();

  private FuzzChecks() {}

  /** The body of a target: reads or checks its input, may throw. */
  @FunctionalInterface
  public interface Body {
    void run() throws Exception;
  }

  /**
   * Runs {@code body} on {@code input}: it may return or throw one of {@code documented}; any other throwable
   * fails the target (Jazzer reports it with the input). A documented exception's message must not echo the
   * input (see {@link #assertNoEcho}), with {@code allowed} (the file's path, the names the test itself gave)
   * cut out first. The bytes the current thread allocated are bounded as {@link #ALLOCATION_BASE} says.
   *
   * @return the documented exception thrown, or null
   */
  @SafeVarargs
  public static Throwable expect(byte[] input, List<String> allowed, Body body,
      Class<? extends Throwable>... documented) {
    String text = new String(input, StandardCharsets.UTF_8);
    long classes = CLASSES.getTotalLoadedClassCount();
    long before = allocated();
    Throwable thrown = null;
    try {
      body.run();
    } catch (Throwable t) {
      if (!isOneOf(t, documented)) {
        throw new AssertionError("undocumented " + t.getClass().getName() + ": " + t.getMessage(), t);
      }
      thrown = t;
    }
    long used = allocated() - before;
    long budget = ALLOCATION_BASE + ALLOCATION_PER_INPUT_BYTE * Math.max(input.length, gunzippedLength(input));
    // Loading (and instrumenting) a class allocates on the loading thread once: inputs that load classes are
    // not measured, every later one is.
    boolean warm = CLASSES.getTotalLoadedClassCount() == classes;
    if (before >= 0 && warm && used > budget) {
      throw new AssertionError("one input of " + input.length + " bytes allocated " + used + " bytes (budget "
          + budget + ")");
    }
    if (thrown != null) {
      assertNoEcho(String.valueOf(thrown.getMessage()), text, allowed);
    }
    return thrown;
  }

  /**
   * The decompressed size of a gzip input (readers decompress by magic bytes), capped at 1 GiB; 0 for other
   * input. A small gzip input legitimately makes a reader handle much more text.
   */
  static long gunzippedLength(byte[] input) {
    if (input.length < 2 || (input[0] & 0xff) != 0x1f || (input[1] & 0xff) != 0x8b) {
      return 0;
    }
    long total = 0;
    byte[] buffer = new byte[1 << 16];
    try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(
        new java.io.ByteArrayInputStream(input))) {
      for (int n; (n = in.read(buffer)) > 0 && total < (1L << 30); ) {
        total += n;
      }
    } catch (IOException e) {
      // a corrupt stream: what was decompressed before the error counts
    }
    return total;
  }

  private static boolean isOneOf(Throwable t, Class<? extends Throwable>[] documented) {
    for (Class<? extends Throwable> c : documented) {
      if (c.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static long allocated() {
    try {
      return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
    } catch (UnsupportedOperationException e) {
      return -1;
    }
  }

  /**
   * Fails when {@code message}, with every string of {@code allowed} cut out, shares a run of more than
   * {@link #MAX_ECHO} consecutive characters with {@code input}.
   */
  public static void assertNoEcho(String message, String input, List<String> allowed) {
    String echo = longestSharedRunOver(message, input, allowed, MAX_ECHO);
    if (echo != null) {
      throw new AssertionError("the message repeats " + echo.length() + "+ characters of its input ("
          + Quoted.token(echo) + "): " + Quoted.token(message) + " (" + message.length() + " chars)");
    }
  }

  /** A run of more than {@code limit} characters of a piece of the message that occurs in input, or null. */
  static String longestSharedRunOver(String message, String input, List<String> allowed, int limit) {
    int window = limit + 1;
    if (input.length() < window) {
      return null;
    }
    // Windows of window characters from each piece of the message, by rolling hash; then one pass over input.
    Map<Long, List<String>> windows = new HashMap<>();
    for (String piece : pieces(message, allowed)) {
      for (int i = 0; i + window <= piece.length(); i++) {
        String w = piece.substring(i, i + window);
        windows.computeIfAbsent(hash(w, 0, window), k -> new ArrayList<>(1)).add(w);
      }
    }
    if (windows.isEmpty()) {
      return null;
    }
    long power = 1;
    for (int i = 1; i < window; i++) {
      power *= PRIME;
    }
    long h = hash(input, 0, window);
    for (int i = 0; ; i++) {
      List<String> candidates = windows.get(h);
      if (candidates != null) {
        for (String w : candidates) {
          if (input.regionMatches(i, w, 0, window)) {
            return w;
          }
        }
      }
      if (i + window >= input.length()) {
        return null;
      }
      h = (h - input.charAt(i) * power) * PRIME + input.charAt(i + window);
    }
  }

  private static final long PRIME = 1_000_003L;

  private static long hash(CharSequence s, int from, int length) {
    long h = 0;
    for (int i = from; i < from + length; i++) {
      h = h * PRIME + s.charAt(i);
    }
    return h;
  }

  /** The message split at every occurrence of an allowed string (longest first, so a path beats its prefix). */
  private static List<String> pieces(String message, List<String> allowed) {
    List<String> pieces = new ArrayList<>(List.of(message));
    String[] byLength = allowed.stream().filter(a -> !a.isEmpty()).toArray(String[]::new);
    Arrays.sort(byLength, (a, b) -> b.length() - a.length());
    for (String cut : byLength) {
      List<String> next = new ArrayList<>();
      for (String p : pieces) {
        int from = 0;
        for (int at = p.indexOf(cut); at >= 0; at = p.indexOf(cut, from)) {
          next.add(p.substring(from, at));
          from = at + cut.length();
        }
        next.add(p.substring(from));
      }
      pieces = next;
    }
    return pieces;
  }

  /** The longest status description a request check may answer (it travels in the call's trailers). */
  public static final int MAX_DESCRIPTION = 2048;

  /**
   * The answer to a bad request: a status a client can act on (not INTERNAL or UNKNOWN: a crash), a
   * description of bounded length that repeats neither the content of a file the request named
   * ({@code fileContent}) nor more than a short token of any string the request carried, the {@code allowed}
   * ones (paths of the test's own files, which a message names in full) cut out first.
   */
  public static void assertRequestStatus(io.grpc.StatusRuntimeException e, com.google.protobuf.Message request,
      String fileContent, List<String> allowed) {
    io.grpc.Status.Code code = e.getStatus().getCode();
    if (code == io.grpc.Status.Code.INTERNAL || code == io.grpc.Status.Code.UNKNOWN) {
      throw new AssertionError("a bad request answered " + code + ": " + e.getStatus().getDescription(), e);
    }
    String description = String.valueOf(e.getStatus().getDescription());
    if (description.length() > MAX_DESCRIPTION) {
      throw new AssertionError(code + " with a description of " + description.length() + " characters: "
          + Quoted.token(description));
    }
    // A model id (64 hex digits, checked before use) names a model, it carries no content: it may be named.
    List<String> named = new ArrayList<>(allowed);
    List<String> fields = strings(request);
    fields.stream().filter(f -> f.matches("[0-9a-f]{64}")).forEach(named::add);
    assertNoEcho(description, fileContent, named);
    for (String field : fields) {
      assertNoEcho(description, field, named);
    }
  }

  /** Every string in {@code message} and the messages it holds. */
  public static List<String> strings(com.google.protobuf.Message message) {
    List<String> out = new ArrayList<>();
    collect(message, out);
    return out;
  }

  private static void collect(Object value, List<String> out) {
    if (value instanceof String s) {
      out.add(s);
    } else if (value instanceof com.google.protobuf.ByteString b) {
      out.add(b.toStringUtf8());
    } else if (value instanceof com.google.protobuf.Message m) {
      m.getAllFields().values().forEach(v -> collect(v, out));
    } else if (value instanceof List<?> list) {
      list.forEach(v -> collect(v, out));
    }
  }

  /** A scratch directory for a target's files, removed when the JVM exits. */
  public static Path scratch(String name) {
    try {
      Path dir = Files.createTempDirectory("seqbind-fuzz-" + name + "-");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path dir) {
    try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // best effort at exit
    }
  }

  /** Writes {@code bytes} to {@code file} (replacing it) and returns the file. */
  public static Path write(Path file, byte[] bytes) {
    try {
      return Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
