package io.seqbind.trainer.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.seqbind.core.io.AtomicFiles;
import io.seqbind.trainer.engine.ModelFile;
import io.seqbind.trainer.engine.Network;
import io.seqbind.trainer.ops.ConvOps;
import io.seqbind.trainer.ops.PoolOps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A trained model on disk: {@code weights.bin} (the engine's internal format, until the ONNX export lands)
 * and {@code manifest.json} (how it was made). The directory is filled under a temporary name and renamed
 * into place, so a reader never sees half a model.
 */
public final class ModelDirectory {

  public static final String WEIGHTS = "weights.bin";
  public static final String MANIFEST = "manifest.json";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ModelDirectory() {}

  /** Refuses an output that already holds files: a model is never written over another. */
  public static void requireFresh(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          throw new IllegalArgumentException("--out " + dir + " already exists and is not empty");
        }
      }
    }
  }

  public static void write(Path dir, Network network, ObjectNode manifest) throws IOException {
    requireFresh(dir);
    Path target = dir.toAbsolutePath();
    Files.createDirectories(target.getParent());
    Path tmp = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".");
    // A model store is shared (scorer and variant services, other users): not the temp directory's 0700.
    if (Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    try {
      ModelFile.save(tmp.resolve(WEIGHTS), network, 0);
      AtomicFiles.writeText(tmp.resolve(MANIFEST), out -> out.write(JSON.writeValueAsString(manifest) + "\n"));
      Files.deleteIfExists(target); // an empty directory the caller made
      Files.move(tmp, target);
    } finally {
      if (Files.exists(tmp)) {
        try (Stream<Path> files = Files.walk(tmp)) {
          for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(p);
          }
        }
      }
    }
  }

  public static ObjectNode newManifest() {
    return JSON.createObjectNode();
  }

  public static JsonNode readManifest(Path dir) throws IOException {
    Path file = dir.resolve(MANIFEST);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(dir + " is not a seqbind model directory (no " + MANIFEST + ")");
    }
    return JSON.readTree(file.toFile());
  }

  /** The model's network, ready to score batches of up to {@code capacity} sequences. */
  public static Network loadNetwork(Path dir, int capacity, ConvOps convOps, PoolOps poolOps) throws IOException {
    Path weights = dir.resolve(WEIGHTS);
    if (!Files.isRegularFile(weights)) {
      throw new IllegalArgumentException(dir + " is not a seqbind model directory (no " + WEIGHTS + ")");
    }
    return ModelFile.load(weights, capacity, convOps, poolOps);
  }

  static JsonNode toJson(String json) throws IOException {
    return JSON.readTree(json);
  }
}
