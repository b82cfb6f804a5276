package io.seqbind.scorer.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarEntry;

/**
 * ONNX Runtime's native libraries kept on disk between runs of the CLI. Left to itself, ONNX Runtime's Java
 * binding inflates its 28 MB {@code libonnxruntime.so} out of the jar into a temporary folder at every start
 * (and, with the -Pgpu build, its CUDA provider too) and deletes it at exit: 0.1-0.3 s of each {@code seqbind}
 * command, which a Nextflow run pays once per task. This copies the libraries once into a private folder of
 * the user's cache, named after the library's checksum in the jar, and points ONNX Runtime at it through its own
 * {@code onnxruntime.native.path} property.
 *
 * <p>Nothing here is required: on any problem (no home, a read-only disk, a folder others may write to, a
 * property the user set) it does nothing and ONNX Runtime extracts as before. A file is written under a temporary
 * name and moved into place, so a concurrent run never loads half a library, and one whose size differs from
 * the jar's entry is written again.
 */
public final class OrtNativeCache {

  static final String PROPERTY = "onnxruntime.native.path";
  /** The libraries the binding loads from that folder: itself, its JNI part, and the providers it may extract. */
  private static final List<String> LIBRARIES = List.of("onnxruntime", "onnxruntime4j_jni",
      "onnxruntime_providers_shared", "onnxruntime_providers_cuda");
  private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rwx------");

  private OrtNativeCache() {}

  /** The user's cache folder for seqbind: $XDG_CACHE_HOME/seqbind or ~/.cache/seqbind. */
  public static Optional<Path> userCacheRoot() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Optional.of(Path.of(xdg, "seqbind"));
    }
    String home = System.getProperty("user.home");
    return home == null || home.isBlank() ? Optional.empty() : Optional.of(Path.of(home, ".cache", "seqbind"));
  }

  /**
   * Points ONNX Runtime at cached copies of its libraries under {@code root}, copying them there first when
   * missing. Must run before ONNX Runtime is first used. Returns the folder, or empty when it left ONNX Runtime
   * to extract as usual.
   */
  public static Optional<Path> use(Path root) {
    if (System.getProperty(PROPERTY) != null) {
      return Optional.empty(); // the user's choice
    }
    try {
      Optional<Path> dir = populate(root);
      dir.ifPresent(d -> System.setProperty(PROPERTY, d.toString()));
      return dir;
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Copies the jar's libraries into their folder under {@code root}; returns it, or empty when unusable. */
  static Optional<Path> populate(Path root) throws IOException {
    String folder = "/ai/onnxruntime/native/" + osArch() + "/";
    URL main = OrtNativeCache.class.getResource(folder + System.mapLibraryName(LIBRARIES.get(0)));
    if (main == null) {
      return Optional.empty(); // a platform this jar has no libraries for
    }
    JarEntry mainEntry = entry(main);
    if (mainEntry == null || mainEntry.getCrc() < 0) {
      return Optional.empty(); // not from a jar (an IDE's classes folder): nothing to save
    }
    Path dir = root.resolve("onnxruntime-" + osArch() + "-" + Long.toHexString(mainEntry.getCrc()));
    if (!privateFolder(root) || !privateFolder(dir)) {
      return Optional.empty();
    }
    for (String library : LIBRARIES) {
      String file = System.mapLibraryName(library);
      URL url = OrtNativeCache.class.getResource(folder + file);
      if (url != null) {
        copyIfStale(url, dir.resolve(file));
      }
    }
    return Optional.of(dir);
  }

  /** Creates {@code dir} for this user alone; false when it exists with others allowed to write in it. */
  private static boolean privateFolder(Path dir) throws IOException {
    try {
      Files.createDirectories(dir.getParent());
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PRIVATE));
    } catch (FileAlreadyExistsException e) {
      // checked below
    }
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
    return Files.isDirectory(dir) && !Files.isSymbolicLink(dir)
        && Files.getOwner(dir).getName().equals(System.getProperty("user.name"))
        && !perms.contains(PosixFilePermission.GROUP_WRITE) && !perms.contains(PosixFilePermission.OTHERS_WRITE);
  }

  private static void copyIfStale(URL url, Path target) throws IOException {
    JarEntry entry = entry(url);
    if (entry != null && Files.isRegularFile(target) && Files.size(target) == entry.getSize()) {
      return;
    }
    Path partial = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".partial");
    try {
      try (InputStream in = url.openStream()) {
        Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
      }
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  /** The jar entry behind a resource URL (its size and checksum, read without inflating it), or null. */
  private static JarEntry entry(URL url) throws IOException {
    URLConnection connection = url.openConnection();
    if (connection instanceof JarURLConnection jar) {
      return jar.getJarEntry();
    }
    return null;
  }

  /** ONNX Runtime's name for this platform's folder in its jar (linux-x64, linux-aarch64, osx-aarch64, ...). */
  private static String osArch() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    String osPart = os.contains("linux") ? "linux" : os.contains("mac") ? "osx" : os.contains("win") ? "win" : os;
    String archPart = arch.equals("amd64") || arch.equals("x86_64") ? "x64" : arch;
    return osPart + "-" + archPart;
  }
}
