package io.seqbind.trainer.engine;

import java.util.List;

/**
 * How a run trains its M models (one {@link Hyperparameters} each).
 *
 * @param optimizer     the update rule
 * @param batchSize     sequences per step and model
 * @param maxSteps      upper bound on steps
 * @param validateEvery steps between validations (also validated after the last step)
 * @param patience      validations without improvement after which a model stops (and stops updating)
 * @param seed          initialisation, shuffling and dropout; same seed and device give the same weights
 * @param clipNorm      maximum global gradient norm per model; 0 or NaN turns clipping off
 * @param hyper         one per model
 */
public record TrainConfig(OptimizerKind optimizer, int batchSize, int maxSteps, int validateEvery, int patience,
    long seed, double clipNorm, List<Hyperparameters> hyper) {

  public TrainConfig {
    hyper = List.copyOf(hyper);
    if (hyper.isEmpty()) {
      throw new IllegalArgumentException("at least one model (Hyperparameters) is needed");
    }
    if (batchSize < 1 || maxSteps < 1 || validateEvery < 1 || patience < 1) {
      throw new IllegalArgumentException("batch size, steps, validation interval and patience must be >= 1");
    }
  }

  public int models() {
    return hyper.size();
  }

  /** One model with the optimizer's default settings. */
  public static TrainConfig single(OptimizerKind optimizer, int batchSize, int maxSteps, long seed) {
    return new TrainConfig(optimizer, batchSize, maxSteps, 100, 5, seed, 0, List.of(Hyperparameters.defaults(optimizer)));
  }

  public TrainConfig withValidation(int every, int newPatience) {
    return new TrainConfig(optimizer, batchSize, maxSteps, every, newPatience, seed, clipNorm, hyper);
  }

  public TrainConfig withHyper(List<Hyperparameters> newHyper) {
    return new TrainConfig(optimizer, batchSize, maxSteps, validateEvery, patience, seed, clipNorm, newHyper);
  }

  public TrainConfig withSeed(long newSeed) {
    return new TrainConfig(optimizer, batchSize, maxSteps, validateEvery, patience, newSeed, clipNorm, hyper);
  }

  public TrainConfig withClipNorm(double value) {
    return new TrainConfig(optimizer, batchSize, maxSteps, validateEvery, patience, seed, value, hyper);
  }

  boolean clips() {
    return clipNorm > 0;
  }
}
