package io.seqbind.core.bundle;

import io.seqbind.core.io.Sha256;
import io.seqbind.proto.v1.ModelInfo;
import io.seqbind.proto.v1.ModelName;
import io.seqbind.proto.v1.ModelRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A directory of model bundles shared by the trainer (which adds them), the scorer and the variant service
 * (a volume in Kubernetes). Layout: {@code <root>/<name>/<version>/{model.onnx,manifest.json}}. Bundles are
 * immutable: a name and version is written once; a model without a version gets the next whole number.
 * Models are found by id (or an unambiguous id prefix of at least 8 digits), {@code name:version}, or a
 * name alone (its newest version).
 */
public final class ModelStore {

  private final Path root;
  /** Bundles outside the root that a local user named by directory (the CLI's --model DIR), by id. */
  private final Map<String, Path> registered = new ConcurrentHashMap<>();
  private final Map<Path, ManifestId> manifestIds = new ConcurrentHashMap<>();

  public ModelStore(Path root) {
    this.root = root.toAbsolutePath();
  }

  /**
   * Makes a bundle that lives outside the store findable by its id (and listed) without copying it: how a
   * command-line user's {@code --model DIR} reaches an in-process service.
   */
  public void register(ModelBundle bundle) {
    registered.put(bundle.id(), bundle.dir());
  }

  public Path root() {
    return root;
  }

  /** Adds a bundle under the manifest's name and version (the next number when the version is empty). */
  public synchronized ModelBundle add(byte[] onnx, ModelInfo info) throws IOException {
    String name = info.getName().getName();
    ModelRefs.requireName("model name", name);
    String version = info.getName().getVersion();
    if (version.isEmpty()) {
      version = nextVersion(name);
    }
    ModelRefs.requireName("model version", version);
    Path dir = root.resolve(name).resolve(version);
    if (Files.exists(dir)) {
      throw new java.nio.file.FileAlreadyExistsException("model " + name + ":" + version + " already exists in the store;"
          + " bundles are immutable, give another version");
    }
    ModelInfo named = info.toBuilder().setName(ModelName.newBuilder().setName(name).setVersion(version)).build();
    return ModelBundle.write(dir, onnx, named);
  }

  /**
   * Adds a bundle under the manifest's name and version, or, where another model holds that version, under the
   * version with the first free suffix {@code -2}, {@code -3}, ... For default versions that need not be unique,
   * such as a job's creation time to the second (two jobs of one name submitted within a second). Where the
   * same model file is already stored under one of these versions, that bundle is returned and nothing is
   * written (a job resumed after it stored its model).
   */
  public synchronized ModelBundle addUnderFreeVersion(byte[] onnx, ModelInfo info) throws IOException {
    String name = info.getName().getName();
    String version = info.getName().getVersion();
    ModelRefs.requireName("model name", name);
    ModelRefs.requireName("model version", version);
    String id = Sha256.of(onnx);
    for (int n = 1; ; n++) {
      String candidate = n == 1 ? version : version + "-" + n;
      Path dir = root.resolve(name).resolve(candidate);
      if (!Files.exists(dir)) {
        return add(onnx, info.toBuilder().setName(ModelName.newBuilder().setName(name).setVersion(candidate)).build());
      }
      if (id.equals(idOf(dir))) {
        return load(dir);
      }
    }
  }

  private String nextVersion(String name) throws IOException {
    int max = 0;
    Path dir = root.resolve(name);
    if (Files.isDirectory(dir)) {
      try (Stream<Path> versions = Files.list(dir)) {
        for (Path v : versions.toList()) {
          String s = v.getFileName().toString();
          if (s.matches("[0-9]{1,9}")) {
            max = Math.max(max, Integer.parseInt(s));
          }
        }
      }
    }
    return Integer.toString(max + 1);
  }

  /** Every readable manifest, by name and then newest first. Unreadable bundles are left out, not fatal. */
  public List<ModelInfo> list() {
    List<ModelInfo> models = new ArrayList<>();
    for (Path dir : bundleDirs()) {
      try {
        models.add(ModelBundle.readManifest(dir));
      } catch (IOException | BundleException e) {
        // A bundle being copied in by hand or damaged: get() reports it when someone asks for it.
      }
    }
    models.sort(Comparator.comparing((ModelInfo m) -> m.getName().getName())
        .thenComparing((ModelInfo m) -> m.getCreateTime().getSeconds(), Comparator.reverseOrder())
        .thenComparing((ModelInfo m) -> m.getCreateTime().getNanos(), Comparator.reverseOrder()));
    return models;
  }

  private List<Path> bundleDirs() {
    List<Path> dirs = new ArrayList<>(registered.values());
    if (!Files.isDirectory(root)) {
      return dirs;
    }
    try (Stream<Path> files = Files.find(root, 2, (p, a) -> a.isDirectory()
        && !p.getFileName().toString().startsWith(".") && Files.isRegularFile(p.resolve(ModelBundle.MANIFEST)))) {
      files.sorted().forEach(dirs::add);
      return dirs;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the model store", e);
    }
  }

  /** The checked bundle a contract reference names. */
  public ModelBundle get(ModelRef ref) throws IOException {
    switch (ref.getSelectorCase()) {
      case ID:
        return byId(ref.getId());
      case NAME:
        ModelName name = ref.getName();
        return name.getVersion().isEmpty() ? newest(name.getName()) : byName(name.getName(), name.getVersion());
      default:
        throw new IllegalArgumentException("a model reference needs an id or a name");
    }
  }

  /**
   * The checked bundle that a person's reference names: a bundle directory's path, an id or id prefix,
   * {@code name:version}, or a name (its newest version).
   */
  public ModelBundle get(String reference) throws IOException {
    Path path = Path.of(reference);
    if (Files.isRegularFile(path.resolve(ModelBundle.MANIFEST))) {
      return ModelBundle.load(path);
    }
    int colon = reference.lastIndexOf(':');
    if (colon > 0) {
      return byName(reference.substring(0, colon), reference.substring(colon + 1));
    }
    if (ModelRefs.ID_PREFIX.matcher(reference).matches()) {
      List<Path> hits = bundleDirs().stream().filter(d -> idOf(d).startsWith(reference)).toList();
      if (hits.size() > 1) {
        throw new IllegalArgumentException("model id prefix " + reference + " matches " + hits.size()
            + " models; give more digits");
      }
      if (hits.size() == 1) {
        return load(hits.get(0));
      }
    }
    return newest(reference);
  }

  private ModelBundle byId(String id) throws IOException {
    for (Path dir : bundleDirs()) {
      if (idOf(dir).equals(id)) {
        return load(dir);
      }
    }
    throw new ModelNotFoundException("no model with id " + id + " in the store");
  }

  private ModelBundle byName(String name, String version) throws IOException {
    ModelRefs.requireName("model name", name);
    ModelRefs.requireName("model version", version);
    Path dir = root.resolve(name).resolve(version);
    if (!Files.isRegularFile(dir.resolve(ModelBundle.MANIFEST))) {
      throw new ModelNotFoundException("no model " + name + ":" + version + " in the store");
    }
    return load(dir);
  }

  private ModelBundle newest(String name) throws IOException {
    for (ModelInfo info : list()) {
      if (info.getName().getName().equals(name)) {
        return byName(name, info.getName().getVersion());
      }
    }
    throw new ModelNotFoundException("no model named " + name + " in the store"
        + " (give a bundle directory, an id, name:version or a name)");
  }

  /**
   * A stored bundle, named in messages as {@code model NAME:VERSION}: services send these messages to remote
   * callers, who must not learn the store's directory.
   */
  private ModelBundle load(Path dir) throws IOException {
    if (!dir.toAbsolutePath().startsWith(root)) {
      return ModelBundle.load(dir); // registered by a local user, who named its directory
    }
    Path relative = root.relativize(dir.toAbsolutePath());
    String label = relative.getNameCount() == 2
        ? "model " + relative.getName(0) + ":" + relative.getName(1) : "model " + relative;
    return ModelBundle.load(dir, label);
  }

  /**
   * The id in a bundle directory's manifest, "" when it has none that reads. Remembered per directory while the
   * manifest file stays the same (file, time and size): finding a model by id or id prefix used to parse every
   * manifest in the store at every lookup, and a variants run with ten models looks each up in the CLI, the
   * variant service and the scorer.
   */
  private String idOf(Path dir) {
    try {
      BasicFileAttributes now = Files.readAttributes(dir.resolve(ModelBundle.MANIFEST), BasicFileAttributes.class);
      ManifestId known = manifestIds.get(dir);
      if (known != null && known.sameFile(now)) {
        return known.id();
      }
      String id = ModelBundle.readManifest(dir).getId();
      manifestIds.put(dir, new ManifestId(now.fileKey(), now.lastModifiedTime(), now.size(), id));
      return id;
    } catch (IOException | BundleException e) {
      return "";
    }
  }

  /** A manifest's id and what identified the file it was read from. */
  private record ManifestId(Object fileKey, FileTime modified, long size, String id) {
    boolean sameFile(BasicFileAttributes now) {
      return Objects.equals(fileKey, now.fileKey()) && modified.equals(now.lastModifiedTime()) && size == now.size();
    }
  }
}
