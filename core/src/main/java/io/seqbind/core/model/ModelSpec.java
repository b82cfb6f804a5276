package io.seqbind.core.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A model architecture as data: the layers from the one-hot input ({@code 4 x L}) to the output head, and
 * whether both strands are scored. The constructor checks every field and the order of the layers, so a
 * spec that exists can be built for any length of at least {@link #minimumLength()}.
 *
 * @param name              the preset name or a user's label
 * @param layers            hidden layers in order; the first must be a convolution (it reads the bases)
 * @param head              the output layer
 * @param reverseComplement strand handling
 */
public record ModelSpec(String name, List<LayerSpec> layers, OutputHead head, ReverseComplement reverseComplement) {

  /** Channels of the one-hot input (A, C, G, T). */
  public static final int ALPHABET = 4;

  public ModelSpec {
    if (layers == null || layers.isEmpty()) {
      throw new InvalidSpecException("a model needs at least one layer (a convolution over the bases)");
    }
    layers = List.copyOf(layers);
    if (head == null) {
      throw new InvalidSpecException("the spec has no output head (\"head\": {\"tasks\": T, \"type\": ...})");
    }
    if (reverseComplement == null) {
      reverseComplement = ReverseComplement.OFF;
    }
    if (name == null || name.isBlank()) {
      name = "custom";
    }
    if (!(layers.get(0) instanceof LayerSpec.Conv)) {
      throw new InvalidSpecException("layer 0 (" + kind(layers.get(0)) + "): the first layer must be a conv");
    }
    int flatAt = -1;
    for (int i = 0; i < layers.size(); i++) {
      LayerSpec layer = layers.get(i);
      if (layer == null) {
        throw new InvalidSpecException("layer " + i + ": missing (null)");
      }
      layer.validate(i);
      boolean positional = layer instanceof LayerSpec.Conv || layer instanceof LayerSpec.LocalMaxPool
          || layer instanceof LayerSpec.GlobalPool;
      if (positional && flatAt >= 0) {
        throw new InvalidSpecException("layer " + i + " (" + kind(layer) + "): cannot follow layer " + flatAt
            + " (" + kind(layers.get(flatAt)) + "), after which no positions are left");
      }
      if (layer instanceof LayerSpec.Dense || layer instanceof LayerSpec.GlobalPool) {
        flatAt = i;
      }
    }
    head.validate(layers.size());
  }

  /** The JSON type name of a layer, for messages. */
  static String kind(LayerSpec layer) {
    return layer == null ? "null" : layer.kind();
  }

  /**
   * The shape after each layer for input length {@code length}: element 0 is the input ({@code 4 x L}),
   * element i+1 the output of layer i; the head's output is not included.
   *
   * @throws InvalidSpecException naming the first layer that the length is too short for
   */
  public List<FeatureShape> shapes(int length) {
    List<FeatureShape> shapes = new ArrayList<>(layers.size() + 1);
    FeatureShape shape = new FeatureShape(ALPHABET, length);
    shapes.add(shape);
    for (int i = 0; i < layers.size(); i++) {
      shape = layers.get(i).apply(shape, i);
      shapes.add(shape);
    }
    return shapes;
  }

  /**
   * Bases seen by one position of the last positional layer (before global pooling or the first dense
   * layer): a conv widens it by {@code (width-1)*dilation} input steps, a pooling by {@code window-1}; a
   * pooling's stride multiplies the step. DeepBind's 24-wide motif scanner sees 24 bases.
   */
  public int receptiveField() {
    int field = 1;
    int step = 1;
    for (LayerSpec layer : layers) {
      if (layer instanceof LayerSpec.Conv c) {
        field += (c.width() - 1) * c.dilation() * step;
      } else if (layer instanceof LayerSpec.LocalMaxPool p) {
        field += (p.window() - 1) * step;
        step *= p.stride();
      } else if (layer instanceof LayerSpec.GlobalPool || layer instanceof LayerSpec.Dense) {
        break;
      }
    }
    return field;
  }

  /** The shortest input length for which every layer has at least one output position. */
  public int minimumLength() {
    int need = 1;
    for (int i = layers.size() - 1; i >= 0; i--) {
      LayerSpec layer = layers.get(i);
      if (layer instanceof LayerSpec.Conv c) {
        need += (c.width() - 1) * c.dilation();
      } else if (layer instanceof LayerSpec.LocalMaxPool p) {
        need = (need - 1) * p.stride() + p.window();
      } else if (layer instanceof LayerSpec.GlobalPool) {
        need = 1; // any length pools to one value
      }
    }
    return need;
  }

  /**
   * Whether a dense layer (or the head) reads more than one position, so its weights fix the input length
   * (Zeng et al.'s local-pooling variants); otherwise any length of at least {@link #minimumLength()} works.
   */
  public boolean fixesLength() {
    for (LayerSpec layer : layers) {
      if (layer instanceof LayerSpec.GlobalPool) {
        return false;
      }
      if (layer instanceof LayerSpec.Dense) {
        return true; // it flattens channels x positions, so its weight count depends on the length
      }
    }
    return true; // the head flattens the positions
  }

  public ModelSpec withHead(OutputHead newHead) {
    return new ModelSpec(name, layers, newHead, reverseComplement);
  }

  public ModelSpec withReverseComplement(ReverseComplement mode) {
    return new ModelSpec(name, layers, head, mode);
  }

  public ModelSpec withName(String newName) {
    return new ModelSpec(newName, layers, head, reverseComplement);
  }
}
