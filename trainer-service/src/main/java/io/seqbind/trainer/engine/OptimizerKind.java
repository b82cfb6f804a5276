package io.seqbind.trainer.engine;

/** SGD with Nesterov momentum (DeepBind), AdaDelta (Zeng et al.), Adam. */
public enum OptimizerKind {
  SGD_NESTEROV, ADADELTA, ADAM
}
