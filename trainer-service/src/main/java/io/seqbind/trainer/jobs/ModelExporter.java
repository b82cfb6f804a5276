package io.seqbind.trainer.jobs;

import io.seqbind.trainer.engine.Network;

/** Writes one model of a network as the bytes of model.onnx. */
@FunctionalInterface
public interface ModelExporter {

  byte[] export(Network network, int model) throws java.io.IOException;
}
