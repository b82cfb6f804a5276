package io.seqbind.scorer.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The copies are the jar's bytes, made once, in a folder only this user may write; anything else is left alone. */
class OrtNativeCacheTest {

  @TempDir
  Path root;

  private static byte[] fromJar(String file) throws Exception {
    String arch = System.getProperty("os.arch").equals("amd64") ? "x64" : System.getProperty("os.arch");
    try (InputStream in = OrtNativeCache.class.getResourceAsStream("/ai/onnxruntime/native/linux-" + arch + "/"
        + file)) {
      return in.readAllBytes();
    }
  }

  @Test
  void copiesTheLibrariesOnceIntoAPrivateFolder() throws Exception {
    Optional<Path> dir = OrtNativeCache.populate(root.resolve("cache"));
    assertTrue(dir.isPresent());
    Path lib = dir.get().resolve("libonnxruntime.so");
    Path jni = dir.get().resolve("libonnxruntime4j_jni.so");
    assertArrayEquals(fromJar("libonnxruntime.so"), Files.readAllBytes(lib));
    assertArrayEquals(fromJar("libonnxruntime4j_jni.so"), Files.readAllBytes(jni));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.get())));
    try (var files = Files.list(dir.get())) {
      assertEquals(2, files.count(), "no partial file left behind");
    }

    FileTime written = FileTime.fromMillis(1_000_000_000L);
    Files.setLastModifiedTime(lib, written);
    assertEquals(dir, OrtNativeCache.populate(root.resolve("cache")));
    assertEquals(written, Files.getLastModifiedTime(lib), "a complete copy is not written again");
  }

  @Test
  void aTruncatedCopyIsWrittenAgain() throws Exception {
    Path dir = OrtNativeCache.populate(root.resolve("cache")).orElseThrow();
    Path jni = dir.resolve("libonnxruntime4j_jni.so");
    Files.write(jni, new byte[100]);
    OrtNativeCache.populate(root.resolve("cache"));
    assertArrayEquals(fromJar("libonnxruntime4j_jni.so"), Files.readAllBytes(jni));
  }

  @Test
  void aFolderOthersMayWriteToIsNotUsed() throws Exception {
    Path shared = Files.createDirectory(root.resolve("shared"));
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
    assertEquals(Optional.empty(), OrtNativeCache.populate(shared));
    try (var files = Files.list(shared)) {
      assertEquals(0, files.count(), "nothing written into it");
    }
  }

  @Test
  void aPathTheUserSetIsKept() {
    String before = System.getProperty(OrtNativeCache.PROPERTY);
    System.setProperty(OrtNativeCache.PROPERTY, "/opt/ort");
    try {
      assertEquals(Optional.empty(), OrtNativeCache.use(root.resolve("cache")));
      assertEquals("/opt/ort", System.getProperty(OrtNativeCache.PROPERTY));
    } finally {
      if (before == null) {
        System.clearProperty(OrtNativeCache.PROPERTY);
      } else {
        System.setProperty(OrtNativeCache.PROPERTY, before);
      }
    }
  }
}
