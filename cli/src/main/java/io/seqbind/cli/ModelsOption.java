package io.seqbind.cli;

import io.seqbind.proto.v1.ModelRef;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The repeatable --model of score and variants (picocli mixin). */
final class ModelsOption {

  @Option(names = "--model", required = true, paramLabel = "MODEL",
      description = "Model: bundle directory, id (or 8+ hex prefix), name:version or name (repeatable).")
  List<String> models;

  /** The contract references, in the order given; a model named twice is scored once. */
  List<ModelRef> refs(Services s) throws IOException {
    List<ModelRef> refs = new ArrayList<>();
    for (String m : models) {
      refs.add(s.model(m));
    }
    return refs.stream().distinct().toList();
  }
}
