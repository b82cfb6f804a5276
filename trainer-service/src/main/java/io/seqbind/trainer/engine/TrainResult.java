package io.seqbind.trainer.engine;

/**
 * The outcome of a run: the network holds each model's best checkpoint.
 *
 * @param network     the trained models (best validation checkpoint restored)
 * @param steps       steps run
 * @param bestStep    per model, the step of its best validation (0 if none improved on nothing)
 * @param bestMetric  per model, that validation's metric
 * @param metricName  "auc" or "mse"
 */
public record TrainResult(Network network, int steps, int[] bestStep, double[] bestMetric, String metricName) {}
