package io.seqbind.core.bundle;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.seqbind.core.io.AtomicDirectory;
import io.seqbind.core.io.AtomicFiles;
import io.seqbind.core.io.Quoted;
import io.seqbind.core.io.Sha256;
import io.seqbind.core.model.ModelSpec;
import io.seqbind.core.model.SpecProtos;
import io.seqbind.proto.v1.ModelInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A trained model on disk, as every service and runtime reads it: a directory with {@code model.onnx} (the
 * weights, the single source of truth) and {@code manifest.json} (the contract's {@link ModelInfo} as proto3
 * JSON with the proto's field names: how the model was made). The model's id is the sha256 of model.onnx,
 * so a bundle names its own content and loading it checks that content.
 */
public final class ModelBundle {

  public static final String ONNX = "model.onnx";
  public static final String MANIFEST = "manifest.json";
  /**
   * The sha256 of manifest.json's bytes. The id covers only model.onnx, so without it a manifest edited after
   * export (task names, minimum length) would be trusted by every service. Bundles written before it existed
   * have none and are read unchecked.
   */
  public static final String MANIFEST_DIGEST = "manifest.json.sha256";

  private static final JsonFormat.Printer PRINTER = JsonFormat.printer().preservingProtoFieldNames();
  // Manifests written by a newer seqbind may carry fields this one does not know.
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

  private final Path dir;
  private final ModelInfo info;

  private ModelBundle(Path dir, ModelInfo info) {
    this.dir = dir;
    this.info = info;
  }

  /**
   * Writes a new bundle directory atomically; the manifest's id and ONNX size are set from {@code onnx}.
   *
   * @throws java.nio.file.FileAlreadyExistsException when {@code dir} exists and is not empty
   */
  public static ModelBundle write(Path dir, byte[] onnx, ModelInfo info) throws IOException {
    ModelInfo complete = info.toBuilder().setId(Sha256.of(onnx)).setOnnxSizeBytes(onnx.length).build();
    String json = PRINTER.print(complete) + "\n";
    AtomicDirectory.write(dir, tmp -> {
      AtomicFiles.write(tmp.resolve(ONNX), out -> out.write(onnx));
      AtomicFiles.writeText(tmp.resolve(MANIFEST), out -> out.write(json));
      AtomicFiles.writeText(tmp.resolve(MANIFEST_DIGEST),
          out -> out.write(Sha256.of(json.getBytes(StandardCharsets.UTF_8)) + "\n"));
    });
    return new ModelBundle(dir.toAbsolutePath(), complete);
  }

  /** Reads and checks a bundle: the manifest parses, and model.onnx has the recorded size and sha256. */
  public static ModelBundle load(Path dir) throws IOException {
    return load(dir, dir.toString());
  }

  /**
   * As {@link #load(Path)}, naming the bundle {@code label} in messages: a store names its bundles by model,
   * so that a remote caller never learns the server's directories.
   */
  public static ModelBundle load(Path dir, String label) throws IOException {
    ModelInfo info = readManifest(dir, label);
    Path onnx = dir.resolve(ONNX);
    if (!Files.isRegularFile(onnx)) {
      throw new BundleException(label + ": no " + ONNX + " beside the manifest");
    }
    long size = Files.size(onnx);
    if (size != info.getOnnxSizeBytes()) {
      throw new BundleException(label + "/" + ONNX + ": " + size + " bytes, the manifest says "
          + info.getOnnxSizeBytes() + " (a partial copy?)");
    }
    String sha = Sha256.of(onnx);
    if (!sha.equals(info.getId())) {
      throw new BundleException(label + "/" + ONNX + ": sha256 " + sha + " differs from the manifest's id "
          + info.getId() + " (the file was changed after the bundle was written)");
    }
    return new ModelBundle(dir.toAbsolutePath(), info);
  }

  /** The manifest alone, unchecked against model.onnx (listing a store). */
  public static ModelInfo readManifest(Path dir) throws IOException {
    return readManifest(dir, dir.toString());
  }

  private static ModelInfo readManifest(Path dir, String label) throws IOException {
    Path file = dir.resolve(MANIFEST);
    if (!Files.isRegularFile(file)) {
      throw new BundleException(label + " is not a seqbind model bundle (no " + MANIFEST + ")");
    }
    byte[] bytes = Files.readAllBytes(file);
    Path digest = dir.resolve(MANIFEST_DIGEST);
    if (Files.isRegularFile(digest) && !Files.readString(digest, StandardCharsets.UTF_8).strip().equals(Sha256.of(bytes))) {
      throw new BundleException(label + "/" + MANIFEST + ": sha256 differs from " + MANIFEST_DIGEST
          + " (the manifest was changed after the bundle was written)");
    }
    ModelInfo.Builder info = ModelInfo.newBuilder();
    try {
      PARSER.merge(StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString(), info);
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new BundleException(label + "/" + MANIFEST + ": not a seqbind manifest (not UTF-8 text)", e);
    } catch (InvalidProtocolBufferException e) {
      // The parser's message quotes the file's text: say where, not what.
      throw new BundleException(label + "/" + MANIFEST + ": not a seqbind manifest (invalid proto3 JSON)", e);
    }
    if (!info.getId().matches("[0-9a-f]{64}")) {
      throw new BundleException(label + "/" + MANIFEST + ": id must be the 64-digit sha256 of " + ONNX + ", got "
          + Quoted.token(info.getId()));
    }
    return info.build();
  }

  public Path dir() {
    return dir;
  }

  public Path onnxFile() {
    return dir.resolve(ONNX);
  }

  public ModelInfo info() {
    return info;
  }

  public String id() {
    return info.getId();
  }

  /** {@code name:version}, how people refer to the model. */
  public String displayName() {
    return info.getName().getName() + ":" + info.getName().getVersion();
  }

  public ModelSpec spec() {
    return SpecProtos.fromProto(info.getArchitecture());
  }
}
