package io.seqbind.trainer.engine;

/** Receives the trainer's progress after each validation. */
@FunctionalInterface
public interface ProgressListener {

  /**
   * @param step       steps done
   * @param trainLoss  per model, the mean training loss since the previous validation
   * @param metric     per model, the validation metric (AUC for binary tasks, MSE for regression)
   * @param active     per model, whether it is still training (false once out of patience)
   */
  void onValidation(int step, double[] trainLoss, double[] metric, boolean[] active);

  ProgressListener NONE = (step, loss, metric, active) -> { };
}
