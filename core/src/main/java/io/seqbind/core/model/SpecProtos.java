package io.seqbind.core.model;

import com.google.protobuf.FloatValue;
import com.google.protobuf.Int32Value;
import io.seqbind.proto.v1.ActivationFunction;
import io.seqbind.proto.v1.ActivationLayer;
import io.seqbind.proto.v1.ArchitectureSpec;
import io.seqbind.proto.v1.BatchNormLayer;
import io.seqbind.proto.v1.Conv1dLayer;
import io.seqbind.proto.v1.DenseLayer;
import io.seqbind.proto.v1.DropoutLayer;
import io.seqbind.proto.v1.GlobalPoolLayer;
import io.seqbind.proto.v1.GlobalPoolMode;
import io.seqbind.proto.v1.Layer;
import io.seqbind.proto.v1.MaxPool1dLayer;
import io.seqbind.proto.v1.ReverseComplementMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts a {@link ModelSpec} to and from the contract's {@link ArchitectureSpec} (manifests, gRPC). The
 * proto's unset wrapper fields take the same defaults as the JSON spec: dilation 1, stride = window,
 * dropout 0.5, batch-norm epsilon 1e-5 and momentum 0.1.
 */
public final class SpecProtos {

  private SpecProtos() {}

  public static ArchitectureSpec toProto(ModelSpec spec) {
    ArchitectureSpec.Builder out = ArchitectureSpec.newBuilder()
        .setPreset(spec.name())
        .setHead(io.seqbind.proto.v1.OutputHead.newBuilder()
            .setTaskCount(spec.head().tasks())
            .setTaskType(toProto(spec.head().type())))
        .setReverseComplement(toProto(spec.reverseComplement()));
    for (LayerSpec layer : spec.layers()) {
      out.addLayers(toProto(layer));
    }
    return out.build();
  }

  public static ModelSpec fromProto(ArchitectureSpec proto) {
    List<LayerSpec> layers = new ArrayList<>();
    for (int i = 0; i < proto.getLayersCount(); i++) {
      layers.add(fromProto(proto.getLayers(i), i));
    }
    OutputHead head = new OutputHead(proto.getHead().getTaskCount(), fromProto(proto.getHead().getTaskType()));
    return new ModelSpec(proto.getPreset(), layers, head, fromProto(proto.getReverseComplement()));
  }

  private static Layer toProto(LayerSpec layer) {
    Layer.Builder out = Layer.newBuilder();
    if (layer instanceof LayerSpec.Conv c) {
      out.setConv1D(Conv1dLayer.newBuilder().setFilters(c.filters()).setWidth(c.width())
          .setDilation(Int32Value.of(c.dilation())));
    } else if (layer instanceof LayerSpec.Relu) {
      out.setActivation(ActivationLayer.newBuilder().setFunction(ActivationFunction.ACTIVATION_FUNCTION_RELU));
    } else if (layer instanceof LayerSpec.GlobalPool g) {
      out.setGlobalPool(GlobalPoolLayer.newBuilder().setMode(GlobalPoolMode.valueOf("GLOBAL_POOL_MODE_" + g.mode())));
    } else if (layer instanceof LayerSpec.LocalMaxPool p) {
      out.setMaxPool(MaxPool1dLayer.newBuilder().setWindow(p.window()).setStride(Int32Value.of(p.stride())));
    } else if (layer instanceof LayerSpec.Dropout d) {
      out.setDropout(DropoutLayer.newBuilder().setRate(FloatValue.of((float) d.rate())));
    } else if (layer instanceof LayerSpec.Dense d) {
      out.setDense(DenseLayer.newBuilder().setUnits(d.units()));
    } else if (layer instanceof LayerSpec.BatchNorm b) {
      out.setBatchNorm(BatchNormLayer.newBuilder().setEpsilon(FloatValue.of((float) b.epsilon()))
          .setMomentum(FloatValue.of((float) b.momentum())));
    } else {
      throw new IllegalArgumentException("no proto form for layer " + layer);
    }
    return out.build();
  }

  private static LayerSpec fromProto(Layer layer, int index) {
    switch (layer.getKindCase()) {
      case CONV1D: {
        Conv1dLayer c = layer.getConv1D();
        return new LayerSpec.Conv(c.getFilters(), c.getWidth(), c.hasDilation() ? c.getDilation().getValue() : 1);
      }
      case ACTIVATION:
        if (layer.getActivation().getFunction() != ActivationFunction.ACTIVATION_FUNCTION_RELU) {
          throw InvalidSpecException.field(index, "activation", "function", "ACTIVATION_FUNCTION_RELU",
              layer.getActivation().getFunction());
        }
        return new LayerSpec.Relu();
      case GLOBAL_POOL: {
        GlobalPoolMode mode = layer.getGlobalPool().getMode();
        if (mode == GlobalPoolMode.GLOBAL_POOL_MODE_UNSPECIFIED || mode == GlobalPoolMode.UNRECOGNIZED) {
          throw InvalidSpecException.field(index, "global_pool", "mode", "MAX, AVG or MAX_AVG", mode);
        }
        return new LayerSpec.GlobalPool(PoolMode.valueOf(mode.name().substring("GLOBAL_POOL_MODE_".length())));
      }
      case MAX_POOL: {
        MaxPool1dLayer p = layer.getMaxPool();
        return new LayerSpec.LocalMaxPool(p.getWindow(), p.hasStride() ? p.getStride().getValue() : p.getWindow());
      }
      case DROPOUT:
        return new LayerSpec.Dropout(layer.getDropout().hasRate() ? decimal(layer.getDropout().getRate()) : 0.5);
      case DENSE:
        return new LayerSpec.Dense(layer.getDense().getUnits());
      case BATCH_NORM: {
        BatchNormLayer b = layer.getBatchNorm();
        LayerSpec.BatchNorm standard = LayerSpec.BatchNorm.standard();
        return new LayerSpec.BatchNorm(b.hasEpsilon() ? decimal(b.getEpsilon()) : standard.epsilon(),
            b.hasMomentum() ? decimal(b.getMomentum()) : standard.momentum());
      }
      default:
        throw new InvalidSpecException("layer " + index + ": no layer kind set");
    }
  }

  /** The double a person wrote (0.3, not 0.30000001192...): the proto holds these settings as floats. */
  private static double decimal(FloatValue value) {
    return Double.parseDouble(Float.toString(value.getValue()));
  }

  public static io.seqbind.proto.v1.TaskType toProto(TaskType type) {
    return type == TaskType.BINARY ? io.seqbind.proto.v1.TaskType.TASK_TYPE_BINARY
        : io.seqbind.proto.v1.TaskType.TASK_TYPE_REGRESSION;
  }

  public static TaskType fromProto(io.seqbind.proto.v1.TaskType type) {
    switch (type) {
      case TASK_TYPE_BINARY:
        return TaskType.BINARY;
      case TASK_TYPE_REGRESSION:
        return TaskType.REGRESSION;
      default:
        throw new InvalidSpecException("head: task_type must be TASK_TYPE_BINARY or TASK_TYPE_REGRESSION, not " + type);
    }
  }

  public static ReverseComplementMode toProto(ReverseComplement mode) {
    switch (mode) {
      case MAX:
        return ReverseComplementMode.REVERSE_COMPLEMENT_MODE_MAX;
      case MEAN:
        return ReverseComplementMode.REVERSE_COMPLEMENT_MODE_MEAN;
      default:
        return ReverseComplementMode.REVERSE_COMPLEMENT_MODE_NONE;
    }
  }

  /** UNSPECIFIED reads as NONE, the proto's documented default. */
  public static ReverseComplement fromProto(ReverseComplementMode mode) {
    switch (mode) {
      case REVERSE_COMPLEMENT_MODE_MAX:
        return ReverseComplement.MAX;
      case REVERSE_COMPLEMENT_MODE_MEAN:
        return ReverseComplement.MEAN;
      default:
        return ReverseComplement.OFF;
    }
  }
}
