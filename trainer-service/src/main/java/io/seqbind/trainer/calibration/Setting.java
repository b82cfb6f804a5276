package io.seqbind.trainer.calibration;

import io.seqbind.core.model.LayerSpec;
import io.seqbind.core.model.ModelSpec;
import io.seqbind.core.model.PoolMode;
import io.seqbind.core.model.Presets;
import io.seqbind.trainer.engine.Hyperparameters;
import io.seqbind.trainer.engine.OptimizerKind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One sampled hyperparameter setting, its values written as text (as the contract's CalibrationTrial
 * records them), and what it means for a model: its architecture (DeepBind's pooling and hidden layer) and
 * its {@link Hyperparameters}. Parameters a space leaves out keep the base model's and optimizer's values.
 *
 * @param index  0-based position in the calibration
 * @param values parameter name to value
 */
public record Setting(int index, Map<String, String> values) {

  public static final String LEARNING_RATE = "learning_rate";
  public static final String MOMENTUM = "momentum";
  public static final String CONV_INIT_SCALE = "conv_init_scale";
  public static final String DENSE_INIT_SCALE = "dense_init_scale";
  public static final String CONV_WEIGHT_DECAY = "conv_weight_decay";
  public static final String DENSE_WEIGHT_DECAY = "dense_weight_decay";
  public static final String DROPOUT = "dropout";
  public static final String POOLING = "pooling";
  public static final String HIDDEN = "hidden";

  /** Every parameter a space may name. */
  public static final List<String> PARAMETERS = List.of(LEARNING_RATE, MOMENTUM, CONV_INIT_SCALE, DENSE_INIT_SCALE,
      CONV_WEIGHT_DECAY, DENSE_WEIGHT_DECAY, DROPOUT, POOLING, HIDDEN);

  public Setting {
    values = Map.copyOf(values);
    values.forEach(Setting::checkValue);
  }

  /** Checks a value's form: numbers for numeric parameters, pooling modes, true/false. */
  static void checkValue(String name, String value) {
    switch (name) {
      case POOLING -> {
        if (!value.equals("GLOBAL_POOL_MODE_MAX") && !value.equals("GLOBAL_POOL_MODE_MAX_AVG")) {
          throw new IllegalArgumentException("search space: pooling must be GLOBAL_POOL_MODE_MAX or "
              + "GLOBAL_POOL_MODE_MAX_AVG, got '" + value + "'");
        }
      }
      case HIDDEN -> {
        if (!value.equals("true") && !value.equals("false")) {
          throw new IllegalArgumentException("search space: hidden must be true or false, got '" + value + "'");
        }
      }
      default -> {
        try {
          double v = Double.parseDouble(value);
          if (!(v >= 0) || Double.isInfinite(v)) {
            throw new NumberFormatException();
          }
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("search space: " + name + " must be a number >= 0, got '" + value + "'");
        }
      }
    }
  }

  /**
   * The architecture this setting trains: the base, or for the DeepBind presets the pooling and hidden layer
   * the setting chose (the base's head and strand mode kept).
   */
  public ModelSpec architecture(ModelSpec base) {
    if (!values.containsKey(POOLING) && !values.containsKey(HIDDEN)) {
      return base;
    }
    if (!base.name().startsWith("deepbind")) {
      throw new IllegalArgumentException("search space: pooling and hidden apply to the deepbind presets only, not "
          + base.name());
    }
    boolean baseHidden = base.layers().stream().anyMatch(l -> l instanceof LayerSpec.Dense);
    PoolMode basePooling = base.layers().stream().filter(l -> l instanceof LayerSpec.GlobalPool)
        .map(l -> ((LayerSpec.GlobalPool) l).mode()).findFirst().orElse(PoolMode.MAX);
    PoolMode pooling = values.containsKey(POOLING)
        ? PoolMode.valueOf(values.get(POOLING).substring("GLOBAL_POOL_MODE_".length())) : basePooling;
    boolean hidden = values.containsKey(HIDDEN) ? Boolean.parseBoolean(values.get(HIDDEN)) : baseHidden;
    return Presets.deepBind(pooling, hidden).withHead(base.head()).withReverseComplement(base.reverseComplement());
  }

  /** The optimizer settings, initial scales and weight decays of a model of {@code spec} (from architecture()). */
  public Hyperparameters hyperparameters(ModelSpec spec, OptimizerKind optimizer, Hyperparameters base) {
    Hyperparameters h = base;
    if (values.containsKey(LEARNING_RATE)) {
      h = h.withLearningRate(number(LEARNING_RATE));
    }
    if (values.containsKey(MOMENTUM) && optimizer != OptimizerKind.ADADELTA) {
      h = h.withMomentum(number(MOMENTUM));
    }
    if (values.containsKey(DROPOUT)) {
      h = h.withDropout(number(DROPOUT));
    }
    Map<Integer, Double> scales = new HashMap<>(h.layerInitScale());
    Map<Integer, double[]> decays = new HashMap<>(h.layerDecay());
    int head = spec.layers().size();
    for (int i = 0; i <= head; i++) {
      boolean conv = i < head && spec.layers().get(i) instanceof LayerSpec.Conv;
      boolean dense = i == head || spec.layers().get(i) instanceof LayerSpec.Dense;
      if (!conv && !dense) {
        continue;
      }
      String scale = conv ? CONV_INIT_SCALE : DENSE_INIT_SCALE;
      if (values.containsKey(scale)) {
        scales.put(i, number(scale));
      }
      String decay = conv ? CONV_WEIGHT_DECAY : DENSE_WEIGHT_DECAY;
      if (values.containsKey(decay)) {
        decays.put(i, new double[] {h.l1(), number(decay)});
      }
    }
    return h.withInitScale(h.initScale(), scales).withLayerDecay(decays);
  }

  private double number(String name) {
    return Double.parseDouble(values.get(name));
  }
}
