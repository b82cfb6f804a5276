package io.seqbind.core.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The directories a service may read request paths from (a Kubernetes deployment mounts its data volumes
 * there). Three modes: roots given (a path is allowed when its real location lies under one: links are
 * followed where the file exists, so a link inside a root that points elsewhere is outside); {@link #any()}
 * (no roots, every path: the CLI's in-process and unauthenticated local modes); {@link #none()} (closed: a
 * server with authentication on and no roots set, where a caller's token must not open the server's files).
 */
public final class DataRoots {

  private final List<Path> roots;
  private final boolean closed;

  /** @param roots allowed directories; empty allows any path */
  public DataRoots(List<Path> roots) {
    this(roots.stream().map(DataRoots::real).toList(), false);
  }

  private DataRoots(List<Path> roots, boolean closed) {
    this.roots = roots;
    this.closed = closed;
  }

  public static DataRoots any() {
    return new DataRoots(List.of());
  }

  /** Refuses every path: see {@link #describeRefusal}. */
  public static DataRoots none() {
    return new DataRoots(List.of(), true);
  }

  /**
   * What a server applies: {@code roots} when any are set; otherwise every path without authentication and
   * none with it (an authenticated caller is not trusted with every file the server can read).
   */
  public static DataRoots forServer(List<Path> roots, boolean authenticationOn) {
    return roots.isEmpty() && authenticationOn ? none() : new DataRoots(roots);
  }

  /** Whether {@code path} may be read. */
  public boolean allows(Path path) {
    if (closed) {
      return false;
    }
    if (roots.isEmpty()) {
      return true;
    }
    Path where = real(path);
    return roots.stream().anyMatch(where::startsWith);
  }

  /** Whether every path is refused ({@link #none()}). */
  public boolean closed() {
    return closed;
  }

  /**
   * Why a refused path was refused, for the caller: {@code what} (the request field and its value) and the
   * reason, with what to do instead.
   */
  public String describeRefusal(String what) {
    if (closed) {
      return what + ": server-side paths are off because authentication is on and no data roots are set; upload"
          + " the data instead, or ask the operator to set data roots (seqbind serve --data-root DIR,"
          + " seqbind.trainer.data-roots or seqbind.variant.data-roots)";
    }
    return what + " is outside the server's data roots " + roots;
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
    return closed ? "none (server-side paths off)" : roots.toString();
  }
}
