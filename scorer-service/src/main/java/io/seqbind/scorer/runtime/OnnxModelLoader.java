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
  private final boolean allowSpinning;

  /**
   * @param allowSpinning whether idle intra-op threads busy-wait for work. Off by default: spinning threads
   *                      look busy to the kernel, so on shared cores or under a CPU quota they steal the time
   *                      of the thread doing the work (measured here: 180k/s quiet, 16-22k/s beside a busy
   *                      process with spinning on).
   */
  public OnnxModelLoader(ProviderChoice provider, int intraOpThreads, int interOpThreads, boolean allowSpinning) {
    this.allowSpinning = allowSpinning;
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
      // Memory patterns are planned and kept per input shape; batches here come in every size from 1 to
      // max-batch-size and several lengths, so the plans would pile up (resident memory grew for minutes in
      // the soak test with them on).
      options.setMemoryPatternOptimization(false);
      options.addConfigEntry("session.intra_op.allow_spinning", allowSpinning ? "1" : "0");
      options.addConfigEntry("session.inter_op.allow_spinning", allowSpinning ? "1" : "0");
      provider.configure(options);
      return OnnxModel.open(env, bundle, options);
    }
  }

  /** The ONNX Runtime version, for GetRuntimeInfo. */
  public String runtimeVersion() {
    return env.getVersion();
  }
}
