package io.seqbind.core.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The directories a service may read request paths from (a Kubernetes deployment mounts its data volumes
 * there); none configured allows any path. A path is inside a root when its real location is: links are
 * followed where the file exists, so a link inside a root that points elsewhere is outside.
 */
public final class DataRoots {

  private final List<Path> roots;

  /** @param roots allowed directories; empty allows any path */
  public DataRoots(List<Path> roots) {
    this.roots = roots.stream().map(DataRoots::real).toList();
  }

  public static DataRoots any() {
    return new DataRoots(List.of());
  }

  /** Whether {@code path} may be read. */
  public boolean allows(Path path) {
    if (roots.isEmpty()) {
      return true;
    }
    Path where = real(path);
    return roots.stream().anyMatch(where::startsWith);
  }

  /** The absolute, normalized path with links resolved where it exists. */
  private static Path real(Path path) {
    Path normal = path.toAbsolutePath().normalize();
    try {
      return Files.exists(normal) ? normal.toRealPath() : normal;
    } catch (IOException e) {
      return normal;
    }
  }

  @Override
  public String toString() {
    return roots.toString();
  }
}
