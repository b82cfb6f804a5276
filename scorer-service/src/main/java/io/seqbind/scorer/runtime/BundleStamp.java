package io.seqbind.scorer.runtime;

import io.seqbind.core.bundle.ModelBundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * What a stat of a bundle's two files says (size, modification time, file key), so that a loaded model
 * can notice cheaply that its bundle changed on disk. Equal stamps do not prove equal content (a writer can
 * keep size and time), which is why the cache also hashes again on a slower schedule.
 */
record BundleStamp(Object onnx, Object manifest) {

  static BundleStamp of(Path dir) {
    return new BundleStamp(stat(dir.resolve(ModelBundle.ONNX)), stat(dir.resolve(ModelBundle.MANIFEST)));
  }

  /** Size, time and inode of a file; a marker when it cannot be read (gone, unreadable). */
  private static Object stat(Path file) {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return a.size() + "/" + a.lastModifiedTime().toMillis() + "/" + a.fileKey();
    } catch (IOException e) {
      return "unreadable: " + e.getClass().getSimpleName();
    }
  }
}
