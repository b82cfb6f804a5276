package io.seqbind.variant.grpc;

import io.grpc.Status;
import io.seqbind.core.bundle.ModelNotFoundException;
import io.seqbind.proto.v1.ModelInfo;
import io.seqbind.proto.v1.ModelRef;
import io.seqbind.proto.v1.VariantScoringOptions;
import io.seqbind.variant.effects.EffectOptions;
import io.seqbind.variant.motifs.FirstLayerFilters;
import io.seqbind.variant.scoring.ScoringModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The request fields every VariantService call shares, turned into plain values: models (looked up in the
 * store), scoring options and server paths. A malformed field is an IllegalArgumentException naming the
 * field (INVALID_ARGUMENT); an unknown model a ModelNotFoundException (NOT_FOUND); paths get the statuses
 * {@link DataPaths} gives them, and a reference without its .fai is FAILED_PRECONDITION (variant.proto).
 */
public final class VariantRequests {

  private final VariantModels models;
  private final DataPaths paths;

  public VariantRequests(VariantModels models, DataPaths paths) {
    this.models = models;
    this.paths = paths;
  }

  /** Models and options of a ScoreVcf or ScoreVariants request ({@code options.*} in messages). */
  public EffectOptions options(VariantScoringOptions o) {
    if (o.getModelsCount() == 0) {
      throw new IllegalArgumentException("options.models is empty, expected at least one model");
    }
    Integer window = o.hasWindowLength() ? o.getWindowLength().getValue() : null;
    List<ScoringModel> list = new ArrayList<>();
    for (int i = 0; i < o.getModelsCount(); i++) {
      ModelInfo info = model(o.getModels(i), "options.models[" + i + "]");
      try {
        list.add(ScoringModel.of(info, window));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("options.models[" + i + "]: " + e.getMessage(), e);
      }
    }
    return new EffectOptions(list, o.getStrand(), o.getRefMismatch(), o.getPassOnly());
  }

  /** The model a request's {@code field} names. */
  public ModelInfo model(ModelRef ref, String field) {
    if (ref.getSelectorCase() == ModelRef.SelectorCase.SELECTOR_NOT_SET) {
      throw new IllegalArgumentException(field + " has neither id nor name, expected one of them");
    }
    ModelInfo info;
    try {
      info = models.info(ref);
    } catch (NoSuchElementException e) {
      info = null;
    }
    if (info == null) {
      String what = ref.hasName() ? ref.getName().getName()
          + (ref.getName().getVersion().isEmpty() ? "" : " version " + ref.getName().getVersion()) : ref.getId();
      throw new ModelNotFoundException(field + ": no model " + what + " in the store");
    }
    return info;
  }

  /** The model of a GetMutationMap or ExtractMotifs request, which must name one. */
  public ModelInfo requiredModel(boolean present, ModelRef ref) {
    if (!present) {
      throw new IllegalArgumentException("model is not set, expected a model id or name");
    }
    return model(ref, "model");
  }

  /** A model's first-layer filters, for motifs. */
  public FirstLayerFilters firstLayer(ModelInfo info) {
    FirstLayerFilters conv = models.filters(info);
    if (conv == null) {
      throw new IllegalArgumentException("model " + info.getId() + "'s first layer is not a convolution, expected"
          + " a model whose first layer is conv1d");
    }
    return conv;
  }

  /** A file a request names (vcf_uri, fasta_uri). */
  public Path file(String uri, String field) {
    return paths.resolve(uri, field);
  }

  /** A reference path, which must have its .fai beside it. */
  public Path reference(String uri, String field) {
    Path path = paths.resolve(uri, field);
    if (!Files.isRegularFile(Path.of(path + ".fai"))) {
      throw Status.FAILED_PRECONDITION.withDescription(field + ": " + path + " has no .fai index, expected one made"
          + " with 'samtools faidx " + path + "'").asRuntimeException();
    }
    return path;
  }

}
