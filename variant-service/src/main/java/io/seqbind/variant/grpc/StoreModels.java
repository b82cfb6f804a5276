package io.seqbind.variant.grpc;

import io.grpc.Status;
import io.seqbind.core.bundle.BundleException;
import io.seqbind.core.bundle.ModelBundle;
import io.seqbind.core.bundle.ModelNotFoundException;
import io.seqbind.core.bundle.ModelStore;
import io.seqbind.core.model.LayerSpec;
import io.seqbind.core.onnx.FloatTensor;
import io.seqbind.core.onnx.OnnxInitializers;
import io.seqbind.proto.v1.ModelInfo;
import io.seqbind.proto.v1.ModelRef;
import io.seqbind.variant.motifs.FirstLayerFilters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.NoSuchElementException;

/**
 * The two model lookups {@link VariantGrpcService} needs, answered from the shared model store: a
 * reference's manifest, and a model's first convolution read from the {@code conv1.weight} /
 * {@code conv1.bias} initializers of its model.onnx (the ONNX file is the contract, not the engine's
 * weights).
 */
public final class StoreModels {

  private final ModelStore store;

  public StoreModels(ModelStore store) {
    this.store = store;
  }

  /** The manifest {@code ref} names; NoSuchElementException when the store has no such model. */
  public ModelInfo info(ModelRef ref) {
    return bundle(ref).info();
  }

  /**
   * The model's first-layer filters in [F, 4, W] layout, or null when its first layer is not an undilated
   * convolution (a dilated filter is not a contiguous motif).
   */
  public FirstLayerFilters filters(ModelInfo info) {
    ModelBundle bundle = bundle(ModelRef.newBuilder().setId(info.getId()).build());
    if (!(bundle.spec().layers().get(0) instanceof LayerSpec.Conv conv) || conv.dilation() != 1) {
      return null;
    }
    try {
      OnnxInitializers initializers = OnnxInitializers.read(bundle.onnxFile());
      FloatTensor weight = initializers.get("conv1.weight");
      FloatTensor bias = initializers.get("conv1.bias");
      if (weight.rank() != 3 || weight.dim(1) != 4 || bias.rank() != 1 || bias.dim(0) != weight.dim(0)) {
        throw new BundleException(bundle.onnxFile() + ": conv1.weight has dims " + Arrays.toString(weight.dims())
            + " and conv1.bias " + Arrays.toString(bias.dims()) + ", expected [F, 4, W] and [F]");
      }
      int filters = weight.dim(0);
      int width = weight.dim(2);
      float[][][] w = new float[filters][4][width];
      for (int f = 0; f < filters; f++) {
        for (int b = 0; b < 4; b++) {
          System.arraycopy(weight.values(), (f * 4 + b) * width, w[f][b], 0, width);
        }
      }
      return new FirstLayerFilters(w, bias.values().clone());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the filters of " + bundle.onnxFile(), e);
    }
  }

  private ModelBundle bundle(ModelRef ref) {
    try {
      return store.get(ref);
    } catch (ModelNotFoundException e) {
      throw new NoSuchElementException(e.getMessage());
    } catch (BundleException e) {
      // The request is fine, the stored bundle is not (a partial copy, an edited file).
      throw Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asRuntimeException();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the model store " + store.root(), e);
    }
  }
}
