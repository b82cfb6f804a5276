package io.seqbind.trainer.jobs;

import io.seqbind.trainer.engine.Network;

/** Writes one model of a network as the bytes of model.onnx; {@code graphName} is the model's name. */
@FunctionalInterface
public interface ModelExporter {

  byte[] export(Network network, int model, String graphName) throws java.io.IOException;
}
