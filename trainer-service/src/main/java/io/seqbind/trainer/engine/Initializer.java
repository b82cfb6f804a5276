package io.seqbind.trainer.engine;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded initialisation: weights from a normal with each model's per-layer std (DeepBind samples these
 * scales in calibration) or He's {@code sqrt(2/fanIn)}; biases and shifts 0, batch-norm scales 1. Each
 * model draws from its own stream, split from the seed in model order, so model m's weights do not depend
 * on how many models are trained beside it.
 */
public final class Initializer {

  private Initializer() {}

  public static void initialise(Network network, List<Hyperparameters> hyper, long seed) {
    if (hyper.size() != network.models()) {
      throw new IllegalArgumentException("one Hyperparameters per model: " + network.models() + " expected");
    }
    for (Param p : network.params()) {
      java.util.Arrays.fill(p.value(), 0f);
    }
    network.batchNormLayers().forEach(BatchNormLayer::initialise);
    for (int m = 0; m < network.models(); m++) {
      SplittableRandom random = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (m + 1)));
      for (Param p : network.params()) {
        if (!p.weight()) {
          continue;
        }
        double scale = hyper.get(m).initScaleOf(p.layer());
        double std = Double.isNaN(scale) ? Math.sqrt(2.0 / p.fanIn()) : scale;
        for (int i = p.offset(m); i < p.offset(m) + p.perModel(); i++) {
          p.value()[i] = (float) (std * random.nextGaussian());
        }
      }
    }
  }
}
