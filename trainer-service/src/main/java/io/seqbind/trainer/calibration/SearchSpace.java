package io.seqbind.trainer.calibration;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.seqbind.core.model.LayerSpec;
import io.seqbind.core.model.ModelSpec;
import io.seqbind.core.shuffle.Seeds;
import io.seqbind.proto.v1.CalibrationConfig;
import io.seqbind.proto.v1.CategoricalChoices;
import io.seqbind.proto.v1.ContinuousRange;
import io.seqbind.proto.v1.ParameterDistribution;
import io.seqbind.trainer.engine.OptimizerKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The hyperparameters calibration samples, as data: the contract's {@link ParameterDistribution}s, so a
 * client can send its own space and the manifest records the one used. Parameter names are those of
 * {@link Setting}. Sampling: {@code uniform} in [min, max]; {@code log_uniform} uniform in log space;
 * {@code sqrt_uniform} squares a value drawn uniformly in [sqrt(min), sqrt(max)] (DeepBind's momentum
 * draws lean towards the upper end); {@code categorical} one of the values with equal chance.
 */
public final class SearchSpace {

  /** The range of Adam's learning rate in the Adam space. */
  public static final double ADAM_RATE_MIN = 5e-4;
  public static final double ADAM_RATE_MAX = 2e-2;

  private final List<ParameterDistribution> parameters;

  public SearchSpace(List<ParameterDistribution> parameters) {
    this.parameters = List.copyOf(parameters);
    Set<String> seen = new java.util.HashSet<>();
    for (ParameterDistribution p : parameters) {
      if (!Setting.PARAMETERS.contains(p.getParameter())) {
        throw new IllegalArgumentException("search space: unknown parameter '" + p.getParameter() + "'; known: "
            + String.join(", ", Setting.PARAMETERS));
      }
      if (!seen.add(p.getParameter())) {
        throw new IllegalArgumentException("search space: parameter '" + p.getParameter() + "' given twice");
      }
      check(p);
    }
  }

  /**
   * DeepBind's space (Alipanahi et al. 2015, supplementary): learning rate, momentum, initial weight scales,
   * weight decays, dropout, and, for the DeepBind presets, pooling and the hidden layer.
   */
  public static SearchSpace defaultFor(ModelSpec spec) {
    return defaultFor(spec, OptimizerKind.SGD_NESTEROV);
  }

  /**
   * The default space for a job that trains with {@code optimizer}. SGD with Nesterov momentum (and
   * AdaDelta, whose rate is a multiplier) get DeepBind's space. Adam gets a space of its own: its learning
   * rate log-uniform in [{@value #ADAM_RATE_MIN}, {@value #ADAM_RATE_MAX}], no momentum (Adam's beta1 keeps
   * 0.9), and initial weight scales around He's (log-uniform 0.01..0.3; He's std for DeepBind's 4x24
   * filters is 0.14): DeepBind's tiny scales (1e-7..1e-3) were chosen for SGD and leave Adam's first
   * steps to grow the weights from nothing. Decays, dropout, pooling and the hidden layer as DeepBind's.
   */
  public static SearchSpace defaultFor(ModelSpec spec, OptimizerKind optimizer) {
    boolean adam = optimizer == OptimizerKind.ADAM;
    List<ParameterDistribution> space = new ArrayList<>(adam
        ? List.of(
            logUniform(Setting.LEARNING_RATE, ADAM_RATE_MIN, ADAM_RATE_MAX),
            logUniform(Setting.CONV_INIT_SCALE, 1e-2, 0.3),
            logUniform(Setting.CONV_WEIGHT_DECAY, 1e-10, 1e-3),
            logUniform(Setting.DENSE_WEIGHT_DECAY, 1e-10, 1e-3))
        : List.of(
            logUniform(Setting.LEARNING_RATE, 5e-4, 5e-2),
            sqrtUniform(Setting.MOMENTUM, 0.95, 0.99),
            logUniform(Setting.CONV_INIT_SCALE, 1e-7, 1e-3),
            logUniform(Setting.CONV_WEIGHT_DECAY, 1e-10, 1e-3),
            logUniform(Setting.DENSE_WEIGHT_DECAY, 1e-10, 1e-3)));
    boolean dense = spec.layers().stream().anyMatch(l -> l instanceof LayerSpec.Dense);
    boolean deepBind = spec.name().startsWith("deepbind");
    if (dense || deepBind) {
      space.add(adam ? logUniform(Setting.DENSE_INIT_SCALE, 1e-2, 0.3) : logUniform(Setting.DENSE_INIT_SCALE, 1e-5, 1e-2));
      space.add(categorical(Setting.DROPOUT, "0", "0.25", "0.5"));
    }
    if (deepBind) {
      space.add(categorical(Setting.POOLING, "GLOBAL_POOL_MODE_MAX", "GLOBAL_POOL_MODE_MAX_AVG"));
      space.add(categorical(Setting.HIDDEN, "true", "false"));
    }
    return new SearchSpace(space);
  }

  public List<ParameterDistribution> parameters() {
    return parameters;
  }

  /** {@code count} settings drawn from {@code seed}; setting i depends only on the seed and i. */
  public List<Setting> sample(int count, long seed) {
    List<Setting> settings = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      RandomGenerator random = Seeds.random(Seeds.derive(seed, 0xCA1B, i));
      Map<String, String> values = new LinkedHashMap<>();
      for (ParameterDistribution p : parameters) {
        values.put(p.getParameter(), draw(p, random));
      }
      settings.add(new Setting(i, values));
    }
    return settings;
  }

  private static String draw(ParameterDistribution p, RandomGenerator random) {
    switch (p.getDistributionCase()) {
      case UNIFORM:
        return Double.toString(between(p.getUniform(), random));
      case LOG_UNIFORM: {
        ContinuousRange r = p.getLogUniform();
        return Double.toString(Math.exp(Math.log(r.getMin()) + random.nextDouble() * Math.log(r.getMax() / r.getMin())));
      }
      case SQRT_UNIFORM: {
        ContinuousRange r = p.getSqrtUniform();
        double root = Math.sqrt(r.getMin()) + random.nextDouble() * (Math.sqrt(r.getMax()) - Math.sqrt(r.getMin()));
        return Double.toString(root * root);
      }
      default: {
        List<String> values = p.getCategorical().getValuesList();
        return values.get(random.nextInt(values.size()));
      }
    }
  }

  private static double between(ContinuousRange r, RandomGenerator random) {
    return r.getMin() + random.nextDouble() * (r.getMax() - r.getMin());
  }

  private static void check(ParameterDistribution p) {
    String name = p.getParameter();
    switch (p.getDistributionCase()) {
      case UNIFORM, SQRT_UNIFORM, LOG_UNIFORM -> {
        ContinuousRange r = p.getDistributionCase() == ParameterDistribution.DistributionCase.UNIFORM ? p.getUniform()
            : p.getDistributionCase() == ParameterDistribution.DistributionCase.LOG_UNIFORM ? p.getLogUniform()
            : p.getSqrtUniform();
        boolean positive = p.getDistributionCase() != ParameterDistribution.DistributionCase.UNIFORM;
        if (!(r.getMin() <= r.getMax()) || (positive && !(r.getMin() > 0))) {
          throw new IllegalArgumentException("search space: " + name + " needs min <= max"
              + (positive ? " and min > 0" : "") + ", got [" + r.getMin() + ", " + r.getMax() + "]");
        }
      }
      case CATEGORICAL -> {
        if (p.getCategorical().getValuesCount() == 0) {
          throw new IllegalArgumentException("search space: " + name + " has no categorical values");
        }
        for (String v : p.getCategorical().getValuesList()) {
          Setting.checkValue(name, v);
        }
      }
      default -> throw new IllegalArgumentException("search space: " + name + " has no distribution");
    }
  }

  private static ParameterDistribution logUniform(String name, double min, double max) {
    return ParameterDistribution.newBuilder().setParameter(name)
        .setLogUniform(ContinuousRange.newBuilder().setMin(min).setMax(max)).build();
  }

  private static ParameterDistribution sqrtUniform(String name, double min, double max) {
    return ParameterDistribution.newBuilder().setParameter(name)
        .setSqrtUniform(ContinuousRange.newBuilder().setMin(min).setMax(max)).build();
  }

  private static ParameterDistribution categorical(String name, String... values) {
    return ParameterDistribution.newBuilder().setParameter(name)
        .setCategorical(CategoricalChoices.newBuilder().addAllValues(List.of(values))).build();
  }

  /** The space as JSON (proto3 JSON of a CalibrationConfig holding only the space), for --help and files. */
  public String toJson() {
    try {
      return JsonFormat.printer().preservingProtoFieldNames()
          .print(CalibrationConfig.newBuilder().addAllSearchSpace(parameters).build());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads a space written by {@link #toJson()} (or by hand in that form). */
  public static SearchSpace fromJson(String json, String source) {
    CalibrationConfig.Builder config = CalibrationConfig.newBuilder();
    try {
      JsonFormat.parser().merge(json, config);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(source + ": not a search space (" + e.getMessage() + ")", e);
    }
    return new SearchSpace(config.getSearchSpaceList());
  }
}
