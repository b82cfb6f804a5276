package io.seqbind.trainer.engine;

import java.util.SplittableRandom;

/**
 * Inverted dropout with a rate per model (calibration samples it): in training each value is kept with
 * probability 1-p and scaled by 1/(1-p), so inference is the identity. Masks come from seeded generators
 * drawn in a fixed order, which keeps training reproducible.
 */
final class DropoutLayer implements Layer {

  private final int models;
  private final int perSample;
  private final float[] rates;
  private final float[] mask;
  private final float[] out;
  private final float[] gradIn;
  private final SplittableRandom[] random;
  private boolean masked;

  DropoutLayer(int models, int capacity, int perSample, float[] rates, long seed) {
    this.models = models;
    this.perSample = perSample;
    this.rates = rates.clone();
    this.mask = new float[models * capacity * perSample];
    this.out = new float[mask.length];
    this.gradIn = new float[mask.length];
    this.random = new SplittableRandom[models];
    reseed(seed);
  }

  /** One stream per model, so a model's masks do not depend on how many models train beside it. */
  void reseed(long seed) {
    for (int m = 0; m < models; m++) {
      random[m] = new SplittableRandom(seed + 0x9E3779B97F4A7C15L * (m + 1));
    }
  }

  /** The mask of the last training pass ({@code [models][n][perSample]}: 0 or 1/(1-p)); for tests. */
  float[] mask() {
    return mask;
  }

  @Override
  public float[] forward(float[] in, int n, boolean training) {
    masked = training;
    int perModel = n * perSample;
    for (int m = 0; m < models; m++) {
      float p = rates[m];
      float scale = 1f / (1f - p);
      for (int i = m * perModel; i < (m + 1) * perModel; i++) {
        if (training && p > 0f) {
          mask[i] = random[m].nextDouble() < p ? 0f : scale;
          out[i] = in[i] * mask[i];
        } else {
          mask[i] = 1f;
          out[i] = in[i];
        }
      }
    }
    return out;
  }

  @Override
  public float[] backward(float[] gradOut, int n) {
    int size = models * n * perSample;
    for (int i = 0; i < size; i++) {
      gradIn[i] = masked ? gradOut[i] * mask[i] : gradOut[i];
    }
    return gradIn;
  }
}
