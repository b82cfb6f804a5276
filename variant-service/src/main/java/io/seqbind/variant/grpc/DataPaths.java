package io.seqbind.variant.grpc;

import io.grpc.Status;
import io.seqbind.core.grpc.StatusMapping;
import io.seqbind.core.io.DataRoots;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns the file URIs of requests into server paths: an absolute path or a {@code file://} URI, inside one
 * of the allowed data roots when any are configured, and existing. Each failure is the status variant.proto
 * names: INVALID_ARGUMENT, PERMISSION_DENIED or NOT_FOUND, with the request field in the message.
 */
public final class DataPaths {

  private final DataRoots roots;

  /** @param roots allowed data roots; empty allows any absolute path */
  public DataPaths(List<Path> roots) {
    this(new DataRoots(roots));
  }

  /** @param roots where request paths may point */
  public DataPaths(DataRoots roots) {
    this.roots = roots;
  }

  public Path resolve(String uri, String field) {
    if (uri.isEmpty()) {
      throw StatusMapping.invalid(field + " is empty, expected an absolute server path or a file:// URI");
    }
    Path path;
    try {
      path = uri.startsWith("file:") ? Path.of(URI.create(uri)) : Path.of(uri);
    } catch (RuntimeException e) {
      throw StatusMapping.invalid(field + " '" + uri + "' is not a path (" + e.getMessage()
          + "), expected an absolute server path or a file:// URI");
    }
    if (!path.isAbsolute()) {
      throw StatusMapping.invalid(field + " '" + uri + "' is relative, expected an absolute server path or a file:// URI");
    }
    Path normal = path.normalize();
    if (!roots.allows(normal)) {
      throw Status.PERMISSION_DENIED.withDescription(roots.describeRefusal(field + " '" + uri + "'"))
          .asRuntimeException();
    }
    if (!Files.isRegularFile(normal)) {
      throw Status.NOT_FOUND.withDescription(field + ": no such file " + normal).asRuntimeException();
    }
    return normal;
  }

}
