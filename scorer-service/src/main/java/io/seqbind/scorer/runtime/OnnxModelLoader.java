package io.seqbind.scorer.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.seqbind.core.bundle.ModelBundle;

/** Opens bundles as ONNX Runtime sessions with the chosen provider and thread counts. */
public final class OnnxModelLoader implements ModelLoader {

  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final ProviderChoice provider;
  private final int intraOpThreads;
  private final int interOpThreads;

  public OnnxModelLoader(ProviderChoice provider, int intraOpThreads, int interOpThreads) {
    this.provider = provider;
    this.intraOpThreads = intraOpThreads;
    this.interOpThreads = interOpThreads;
  }

  @Override
  public InferenceModel load(ModelBundle bundle) throws OrtException {
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(intraOpThreads);
      options.setInterOpNumThreads(interOpThreads);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      provider.configure(options);
      return OnnxModel.open(env, bundle, options);
    }
  }

  /** The ONNX Runtime version, for GetRuntimeInfo. */
  public String runtimeVersion() {
    return env.getVersion();
  }
}
