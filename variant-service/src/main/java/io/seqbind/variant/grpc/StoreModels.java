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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The {@link VariantModels} lookups, answered from the shared model store: a
 * reference's manifest, and a model's first convolution read from the {@code conv1.weight} /
 * {@code conv1.bias} initializers of its model.onnx (of an ensemble, every member's {@code memberK.conv1.*},
 * in member order) (the ONNX file is the contract, not the engine's
 * weights).
 */
public final class StoreModels implements VariantModels {

  private final ModelStore store;

  public StoreModels(ModelStore store) {
    this.store = store;
  }

  /** The manifest {@code ref} names; NoSuchElementException when the store has no such model. */
  @Override
  public ModelInfo info(ModelRef ref) {
    return bundle(ref).info();
  }

  /**
   * The model's first-layer filters in [F, 4, W] layout, or null when its first layer is not an undilated
   * convolution (a dilated filter is not a contiguous motif).
   */
  @Override
  public FirstLayerFilters filters(ModelInfo info) {
    ModelBundle bundle = bundle(ModelRef.newBuilder().setId(info.getId()).build());
    if (!(bundle.spec().layers().get(0) instanceof LayerSpec.Conv conv) || conv.dilation() != 1) {
      return null;
    }
    try {
      OnnxInitializers initializers = OnnxInitializers.read(bundle.onnxFile());
      List<float[][]> weights = new ArrayList<>();
      List<Float> biases = new ArrayList<>();
      for (String prefix : memberPrefixes(initializers)) {
        FloatTensor weight = initializers.get(prefix + "conv1.weight");
        FloatTensor bias = initializers.get(prefix + "conv1.bias");
        if (weight.rank() != 3 || weight.dim(1) != 4 || bias.rank() != 1 || bias.dim(0) != weight.dim(0)) {
          throw new BundleException(bundle.onnxFile() + ": " + prefix + "conv1.weight has dims "
              + Arrays.toString(weight.dims()) + " and " + prefix + "conv1.bias " + Arrays.toString(bias.dims())
              + ", expected [F, 4, W] and [F]");
        }
        int width = weight.dim(2);
        for (int f = 0; f < weight.dim(0); f++) {
          float[][] filter = new float[4][width];
          for (int b = 0; b < 4; b++) {
            System.arraycopy(weight.values(), (f * 4 + b) * width, filter[b], 0, width);
          }
          weights.add(filter);
          biases.add(bias.values()[f]);
        }
      }
      float[] bias = new float[biases.size()];
      for (int f = 0; f < bias.length; f++) {
        bias[f] = biases.get(f);
      }
      return new FirstLayerFilters(weights.toArray(new float[0][][]), bias);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the filters of " + bundle.onnxFile(), e);
    }
  }

  /**
   * "" for a single model; "member1.", "member2.", ... for an ensemble, whose members' filters are all its
   * motifs (see the trainer's OnnxExport).
   */
  private static List<String> memberPrefixes(OnnxInitializers initializers) {
    if (initializers.has("conv1.weight")) {
      return List.of("");
    }
    List<String> prefixes = new ArrayList<>();
    for (int k = 1; initializers.has("member" + k + ".conv1.weight"); k++) {
      prefixes.add("member" + k + ".");
    }
    return prefixes.isEmpty() ? List.of("") : prefixes; // "": get() then names what the file lacks
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
