package io.seqbind.cli.report;

import io.seqbind.core.bundle.ModelBundle;
import io.seqbind.proto.v1.ModelInfo;
import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the report knows about one model: its bundle's manifest and, when the model sits in pipeline
 * results (or a folder laid out like them), the files the other commands wrote beside it.
 *
 * @param root        the folder searched for the files below
 * @param info        the bundle's manifest
 * @param scores      test-set scores ({@code *.scores.tsv} from {@code seqbind evaluate --scores}), if found
 * @param trainingLog {@code *.train.log} ({@code seqbind train}'s output), if found
 * @param meme        {@code motifs.meme} from {@code seqbind motifs} (its logos beside it), if found
 * @param mutmaps     mutation-map SVGs ({@code seqbind mutmap}), sorted by name
 * @param effects     {@code *.effects.tsv} ({@code seqbind variants}), if found
 */
public record ModelResults(Path root, ModelInfo info, Optional<Path> scores, Optional<Path> trainingLog,
    Optional<Path> meme, List<Path> mutmaps, Optional<Path> effects) {

  /**
   * The models under a command-line argument: a bundle folder (manifest.json; its parent is searched too
   * when the folder is called "model", as in the pipeline's NAME/model), a results folder holding
   * {@code model/manifest.json}, or a folder of such results folders (a pipeline's --outdir).
   *
   * @throws IllegalArgumentException when the path holds none of these
   */
  public static List<ModelResults> find(Path path) throws IOException {
    if (!Files.isDirectory(path)) {
      throw new IllegalArgumentException(path + ": not a folder (expected a model bundle or pipeline results)");
    }
    if (Files.isRegularFile(path.resolve(ModelBundle.MANIFEST))) {
      Path name = path.toAbsolutePath().normalize().getFileName();
      boolean inResults = name != null && name.toString().equals("model") && path.toAbsolutePath().getParent() != null;
      return List.of(load(inResults ? path.toAbsolutePath().normalize().getParent() : path, path));
    }
    if (Files.isRegularFile(path.resolve("model").resolve(ModelBundle.MANIFEST))) {
      return List.of(load(path, path.resolve("model")));
    }
    List<ModelResults> found = new ArrayList<>();
    try (Stream<Path> children = Files.list(path)) {
      for (Path child : children.sorted().toList()) {
        if (Files.isRegularFile(child.resolve("model").resolve(ModelBundle.MANIFEST))) {
          found.add(load(child, child.resolve("model")));
        }
      }
    }
    if (found.isEmpty()) {
      throw new IllegalArgumentException(path + ": no model bundle (manifest.json), NAME/model/manifest.json "
          + "or pipeline results folder in it");
    }
    return found;
  }

  private static ModelResults load(Path root, Path bundle) throws IOException {
    ModelInfo info = ModelBundle.readManifest(bundle);
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root, 3, FileVisitOption.FOLLOW_LINKS)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    return new ModelResults(root, info, first(files, "", ".scores.tsv"), first(files, "", ".train.log"),
        first(files, "motifs.meme", ""),
        files.stream().filter(f -> f.getParent().getFileName().toString().equals("mutmap")
            && f.getFileName().toString().endsWith(".svg")).toList(),
        first(files, "", ".effects.tsv"));
  }

  private static Optional<Path> first(List<Path> files, String exactName, String suffix) {
    return files.stream().filter(f -> {
      String n = f.getFileName().toString();
      return exactName.isEmpty() ? n.endsWith(suffix) : n.equals(exactName);
    }).findFirst();
  }

  /** "name:version", as the store shows the model. */
  public String displayName() {
    return info.getName().getName() + ":" + info.getName().getVersion();
  }
}
