package io.seqbind.core.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One layer of a model spec. Specs are data (JSON with a {@code "type"} field per layer), so each kind is a
 * record; the engine in trainer-service and the ONNX writer interpret them.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = LayerSpec.Conv.class, name = "conv"),
    @JsonSubTypes.Type(value = LayerSpec.Relu.class, name = "relu"),
    @JsonSubTypes.Type(value = LayerSpec.GlobalPool.class, name = "global_pool"),
    @JsonSubTypes.Type(value = LayerSpec.LocalMaxPool.class, name = "local_max_pool"),
    @JsonSubTypes.Type(value = LayerSpec.Dropout.class, name = "dropout"),
    @JsonSubTypes.Type(value = LayerSpec.Dense.class, name = "dense"),
    @JsonSubTypes.Type(value = LayerSpec.BatchNorm.class, name = "batch_norm")})
public sealed interface LayerSpec {

  /** The shape after this layer given the shape before it; throws naming {@code index} when impossible. */
  FeatureShape apply(FeatureShape in, int index);

  /** Checks the fields alone (positive sizes, rates in range). */
  void validate(int index);

  /** The JSON type name ("conv", "dense", ...), read from the annotation so the two cannot disagree. */
  default String kind() {
    for (JsonSubTypes.Type type : LayerSpec.class.getAnnotation(JsonSubTypes.class).value()) {
      if (type.value() == getClass()) {
        return type.name();
      }
    }
    return getClass().getSimpleName();
  }

  /** 1-D convolution with bias, valid padding, stride 1. */
  record Conv(int filters, int width, int dilation) implements LayerSpec {
    @Override
    public void validate(int index) {
      positive(index, "conv", "filters", filters);
      positive(index, "conv", "width", width);
      positive(index, "conv", "dilation", dilation);
    }

    @Override
    public FeatureShape apply(FeatureShape in, int index) {
      int out = in.length() - (width - 1) * dilation;
      if (out < 1) {
        throw new InvalidSpecException("layer " + index + " (conv): input length " + in.length()
            + " is shorter than the span " + ((width - 1) * dilation + 1) + " of width " + width
            + " and dilation " + dilation);
      }
      return new FeatureShape(filters, out);
    }
  }

  /** max(0, x). */
  record Relu() implements LayerSpec {
    @Override
    public void validate(int index) {}

    @Override
    public FeatureShape apply(FeatureShape in, int index) {
      return in;
    }
  }

  /** Pooling over all positions; MAX_AVG doubles the channels (max channels first, then mean). */
  record GlobalPool(PoolMode mode) implements LayerSpec {
    @Override
    public void validate(int index) {
      if (mode == null) {
        throw InvalidSpecException.field(index, "global_pool", "mode", "MAX, AVG or MAX_AVG", null);
      }
    }

    @Override
    public FeatureShape apply(FeatureShape in, int index) {
      return new FeatureShape(mode == PoolMode.MAX_AVG ? 2 * in.channels() : in.channels(), 1);
    }
  }

  /** Max over windows of {@code window} positions every {@code stride}; an incomplete last window is dropped. */
  record LocalMaxPool(int window, int stride) implements LayerSpec {
    @Override
    public void validate(int index) {
      positive(index, "local_max_pool", "window", window);
      positive(index, "local_max_pool", "stride", stride);
    }

    @Override
    public FeatureShape apply(FeatureShape in, int index) {
      if (in.length() < window) {
        throw new InvalidSpecException("layer " + index + " (local_max_pool): input length " + in.length()
            + " is shorter than the window " + window);
      }
      return new FeatureShape(in.channels(), (in.length() - window) / stride + 1);
    }
  }

  /** Inverted dropout: in training each value is zeroed with probability {@code rate}, the rest scaled. */
  record Dropout(double rate) implements LayerSpec {
    @Override
    public void validate(int index) {
      if (!(rate >= 0 && rate < 1)) {
        throw InvalidSpecException.field(index, "dropout", "rate", "in [0, 1)", rate);
      }
    }

    @Override
    public FeatureShape apply(FeatureShape in, int index) {
      return in;
    }
  }

  /** Fully connected layer with bias over the flattened {@code channels x length} input. */
  record Dense(int units) implements LayerSpec {
    @Override
    public void validate(int index) {
      positive(index, "dense", "units", units);
    }

    @Override
    public FeatureShape apply(FeatureShape in, int index) {
      return new FeatureShape(units, 1);
    }
  }

  /** Batch normalisation per channel over batch and positions (Basset), with learned scale and shift. */
  record BatchNorm(double epsilon, double momentum) implements LayerSpec {
    /** PyTorch's defaults, so exported models behave the same. */
    public static BatchNorm standard() {
      return new BatchNorm(1e-5, 0.1);
    }

    @Override
    public void validate(int index) {
      if (!(epsilon > 0)) {
        throw InvalidSpecException.field(index, "batch_norm", "epsilon", "positive", epsilon);
      }
      if (!(momentum > 0 && momentum <= 1)) {
        throw InvalidSpecException.field(index, "batch_norm", "momentum", "in (0, 1]", momentum);
      }
    }

    @Override
    public FeatureShape apply(FeatureShape in, int index) {
      return in;
    }
  }

  private static void positive(int index, String kind, String field, int value) {
    if (value < 1) {
      throw InvalidSpecException.field(index, kind, field, "at least 1", value);
    }
  }
}
