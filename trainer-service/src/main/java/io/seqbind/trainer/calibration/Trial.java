package io.seqbind.trainer.calibration;

/**
 * How one setting did in cross-validation.
 *
 * @param setting     the setting
 * @param steps       the validation checkpoints (steps), in order
 * @param foldCurves  per fold, the held-out metric at each checkpoint
 * @param bestStep    the checkpoint where the mean over folds was best
 * @param foldMetrics per fold, the metric at {@code bestStep}
 * @param meanMetric  the mean of {@code foldMetrics} (NaN when no checkpoint had a defined metric)
 */
public record Trial(Setting setting, int[] steps, double[][] foldCurves, int bestStep, double[] foldMetrics,
    double meanMetric) {}
