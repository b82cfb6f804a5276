package io.seqbind.variant.grpc;

import io.seqbind.proto.v1.ModelInfo;
import io.seqbind.proto.v1.ModelRef;
import io.seqbind.variant.motifs.FirstLayerFilters;
import java.util.function.Function;

/** The two model lookups the variant service needs ({@link StoreModels} answers them from the model store). */
public interface VariantModels {

  /** The manifest {@code ref} names: null, or NoSuchElementException, when there is no such model. */
  ModelInfo info(ModelRef ref);

  /** A model's first-layer convolution; null when its first layer is not one. */
  FirstLayerFilters filters(ModelInfo info);

  /** The lookups as two functions (tests, a store of one's own). */
  static VariantModels of(Function<ModelRef, ModelInfo> info, Function<ModelInfo, FirstLayerFilters> filters) {
    return new VariantModels() {
      @Override
      public ModelInfo info(ModelRef ref) {
        return info.apply(ref);
      }

      @Override
      public FirstLayerFilters filters(ModelInfo model) {
        return filters.apply(model);
      }
    };
  }
}
