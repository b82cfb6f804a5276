package io.seqbind.trainer.jobs;

import io.seqbind.trainer.engine.Network;

/**
 * Writes the models of a network as the bytes of model.onnx, one model or the ensemble of all of them (their
 * scores averaged); {@code graphName} is the model's name.
 */
@FunctionalInterface
public interface ModelExporter {

  byte[] export(Network network, String graphName) throws java.io.IOException;
}
