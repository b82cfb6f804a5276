package io.seqbind.trainer.engine;

/**
 * A trainable tensor for all models at once: {@code value} and {@code grad} are {@code [models][perModel]},
 * so each model's slice is contiguous (per-model optimizer settings, checkpoints and saving copy slices).
 *
 * @param name      e.g. {@code layer0.weight}; the same names are used in saved files
 * @param layer     index of the spec layer it belongs to (the head is {@code layers.size()})
 * @param weight    true for weights (decayed, randomly initialised), false for biases and BN shifts/scales
 * @param fanIn     inputs per output unit, for He initialisation
 */
public record Param(String name, int layer, boolean weight, int fanIn, int models, int perModel, float[] value,
    float[] grad) {

  static Param of(String name, int layer, boolean weight, int fanIn, int models, int perModel) {
    return new Param(name, layer, weight, fanIn, models, perModel, new float[models * perModel],
        new float[models * perModel]);
  }

  int offset(int model) {
    return model * perModel;
  }
}
