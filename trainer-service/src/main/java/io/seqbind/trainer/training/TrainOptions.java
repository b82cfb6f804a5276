package io.seqbind.trainer.training;

import io.seqbind.trainer.engine.Hyperparameters;
import io.seqbind.trainer.engine.OptimizerKind;
import io.seqbind.trainer.engine.TrainConfig;
import io.seqbind.trainer.ops.DeviceChoice;
import java.util.List;

/**
 * A job's training settings (the contract's TrainingConfig, every unset value defaulted by JobSpecs): the one
 * step between the contract and the engine's {@link TrainConfig}. {@code seqbind train}'s flags reach here
 * through the contract too, so messages name the contract's fields.
 *
 * @param device             where the kernels run
 * @param seed               initialisation, split, order, dropout and shuffles all derive from it
 * @param optimizer          SGD with Nesterov momentum, AdaDelta or Adam
 * @param learningRate       the optimizer's step size
 * @param batchSize          examples per step
 * @param maxSteps           upper bound on training steps
 * @param validateEvery      steps between validations (early stopping and best-checkpoint choice)
 * @param patience           validations without improvement before stopping
 * @param validationFraction share of the data held out for validation
 * @param l1                 L1 weight decay of every weight tensor (not biases)
 * @param l2                 L2 weight decay likewise
 * @param decayStartStep     the step from which weight decay applies (DeepBind starts it late)
 * @param dropout            rate of every dropout layer; NaN keeps the architecture's rates
 * @param clipNorm           largest global gradient norm; 0 turns clipping off
 * @param ensembleSize       final models trained side by side from their own random streams and averaged
 */
public record TrainOptions(DeviceChoice device, long seed, OptimizerKind optimizer,
    double learningRate, int batchSize, int maxSteps, int validateEvery, int patience, double validationFraction,
    double l1, double l2, int decayStartStep, double dropout, double clipNorm, int ensembleSize) {

  public static final int MAX_ENSEMBLE = 32;

  // Messages name the contract's fields (TrainingConfig in trainer.proto): every option reaches here through it.
  public TrainOptions {
    if (!(learningRate > 0 && Double.isFinite(learningRate))) {
      throw new IllegalArgumentException("training.learning_rate must be a finite number > 0, got " + learningRate);
    }
    if (!(validationFraction > 0 && validationFraction < 1)) {
      throw new IllegalArgumentException("training.validation_fraction must be in (0, 1), got " + validationFraction);
    }
    if (batchSize < 1 || maxSteps < 1 || validateEvery < 1 || patience < 1) {
      throw new IllegalArgumentException("training.batch_size, max_steps, validation_interval_steps and"
          + " early_stopping_patience must be >= 1, got " + batchSize + ", " + maxSteps + ", " + validateEvery + ", "
          + patience);
    }
    if (!(l1 >= 0 && l2 >= 0 && clipNorm >= 0 && Double.isFinite(l1 + l2 + clipNorm)) || decayStartStep < 0) {
      throw new IllegalArgumentException("training.l1_weight_decay, l2_weight_decay, weight_decay_start_step and"
          + " gradient_clip_norm must be finite numbers >= 0, got " + l1 + ", " + l2 + ", " + decayStartStep + ", "
          + clipNorm);
    }
    if (!Double.isNaN(dropout) && !(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("training.dropout_rate must be in [0, 1), got " + dropout);
    }
    if (ensembleSize < 1 || ensembleSize > MAX_ENSEMBLE) {
      throw new IllegalArgumentException("training.ensemble_size must be 1.." + MAX_ENSEMBLE + ", got " + ensembleSize);
    }
  }

  /** The engine's settings for the job's model(s): {@code ensembleSize} is applied by the runner. */
  public TrainConfig trainConfig() {
    return new TrainConfig(optimizer, batchSize, maxSteps, validateEvery, patience, seed, clipNorm,
        List.of(Hyperparameters.defaults(optimizer).withLearningRate(learningRate)
            .withDecay(l1, l2, decayStartStep).withDropout(dropout)));
  }
}
