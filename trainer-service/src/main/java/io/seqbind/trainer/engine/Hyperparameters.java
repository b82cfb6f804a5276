package io.seqbind.trainer.engine;

import java.util.Map;

/**
 * The settings of one model; calibration trains several at once with different values.
 *
 * @param learningRate    step size (AdaDelta: a multiplier of its own step, 1 in Zeiler's paper)
 * @param momentum        SGD: Nesterov momentum; Adam: beta1; AdaDelta: rho (the decay of its averages)
 * @param beta2           Adam's second-moment decay (ignored by the others)
 * @param epsilon         Adam and AdaDelta's stabiliser
 * @param l1              L1 weight decay of every weight tensor (not biases), unless {@code layerDecay} says
 * @param l2              L2 weight decay, likewise
 * @param layerDecay      per spec layer index (head = number of layers): {l1, l2} overriding the above
 * @param decayStartStep  weight decay applies from this step on (DeepBind starts it late)
 * @param initScale       std of the normal initialisation of weights; NaN for He ({@code sqrt(2/fanIn)})
 * @param layerInitScale  per spec layer index, a std overriding {@code initScale}
 * @param dropout         rate of every dropout layer; NaN keeps the spec's rates
 */
public record Hyperparameters(double learningRate, double momentum, double beta2, double epsilon, double l1,
    double l2, Map<Integer, double[]> layerDecay, int decayStartStep, double initScale,
    Map<Integer, Double> layerInitScale, double dropout) {

  public Hyperparameters {
    layerDecay = Map.copyOf(layerDecay);
    layerInitScale = Map.copyOf(layerInitScale);
    if (!(learningRate > 0)) {
      throw new IllegalArgumentException("learning rate must be positive, got " + learningRate);
    }
  }

  /** Common defaults per optimizer: SGD 0.01/0.9, AdaDelta 1/0.95/1e-6, Adam 0.001/0.9/0.999/1e-8; He init. */
  public static Hyperparameters defaults(OptimizerKind kind) {
    return switch (kind) {
      case SGD_NESTEROV -> new Hyperparameters(0.01, 0.9, 0, 0, 0, 0, Map.of(), 0, Double.NaN, Map.of(), Double.NaN);
      case ADADELTA -> new Hyperparameters(1.0, 0.95, 0, 1e-6, 0, 0, Map.of(), 0, Double.NaN, Map.of(), Double.NaN);
      case ADAM -> new Hyperparameters(0.001, 0.9, 0.999, 1e-8, 0, 0, Map.of(), 0, Double.NaN, Map.of(), Double.NaN);
    };
  }

  public Hyperparameters withLearningRate(double value) {
    return new Hyperparameters(value, momentum, beta2, epsilon, l1, l2, layerDecay, decayStartStep, initScale,
        layerInitScale, dropout);
  }

  public Hyperparameters withMomentum(double value) {
    return new Hyperparameters(learningRate, value, beta2, epsilon, l1, l2, layerDecay, decayStartStep, initScale,
        layerInitScale, dropout);
  }

  public Hyperparameters withEpsilon(double value) {
    return new Hyperparameters(learningRate, momentum, beta2, value, l1, l2, layerDecay, decayStartStep, initScale,
        layerInitScale, dropout);
  }

  public Hyperparameters withDecay(double newL1, double newL2, int startStep) {
    return new Hyperparameters(learningRate, momentum, beta2, epsilon, newL1, newL2, layerDecay, startStep,
        initScale, layerInitScale, dropout);
  }

  public Hyperparameters withLayerDecay(Map<Integer, double[]> value) {
    return new Hyperparameters(learningRate, momentum, beta2, epsilon, l1, l2, value, decayStartStep, initScale,
        layerInitScale, dropout);
  }

  public Hyperparameters withInitScale(double scale, Map<Integer, Double> perLayer) {
    return new Hyperparameters(learningRate, momentum, beta2, epsilon, l1, l2, layerDecay, decayStartStep, scale,
        perLayer, dropout);
  }

  public Hyperparameters withDropout(double value) {
    return new Hyperparameters(learningRate, momentum, beta2, epsilon, l1, l2, layerDecay, decayStartStep,
        initScale, layerInitScale, value);
  }

  double l1Of(int layer) {
    double[] d = layerDecay.get(layer);
    return d == null ? l1 : d[0];
  }

  double l2Of(int layer) {
    double[] d = layerDecay.get(layer);
    return d == null ? l2 : d[1];
  }

  double initScaleOf(int layer) {
    return layerInitScale.getOrDefault(layer, initScale);
  }
}
