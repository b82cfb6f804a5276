package io.seqbind.scorer.runtime;

import io.seqbind.core.bundle.ModelBundle;

/** Opens a checked bundle for inference. */
@FunctionalInterface
public interface ModelLoader {

  InferenceModel load(ModelBundle bundle) throws Exception;
}
