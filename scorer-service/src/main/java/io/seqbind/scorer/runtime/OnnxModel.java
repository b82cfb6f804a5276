package io.seqbind.scorer.runtime;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.seqbind.core.bundle.BundleException;
import io.seqbind.core.bundle.ModelBundle;
import io.seqbind.proto.v1.ModelInfo;
import io.seqbind.scorer.batching.BatchFunction;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One ONNX Runtime session over a bundle's model.onnx, following the model contract: one float input
 * {@code [N, 4, L]}, one output {@code [N, T]} (named {@code scores} by the exporter; otherwise the first
 * output), and, from a model that scans both strands, {@code forward} and {@code reverse} {@code [N, T]}.
 * {@link #run} is safe to call from several threads at once (OrtSession.run is).
 */
public final class OnnxModel implements InferenceModel {

  /** The exporter's names of each strand's scores (io.seqbind.trainer.export.OnnxExport). */
  static final String FORWARD = "forward";
  static final String REVERSE = "reverse";

  private final OrtEnvironment env;
  private final OrtSession session;
  private final ModelInfo info;
  private final String inputName;
  private final String outputName;
  private final int tasks;
  private final long bytes;
  private final BatchFunction strandScores;

  private OnnxModel(OrtEnvironment env, OrtSession session, ModelInfo info, String inputName, String outputName,
      int tasks, long bytes) {
    this.env = env;
    this.session = session;
    this.info = info;
    this.inputName = inputName;
    this.outputName = outputName;
    this.tasks = tasks;
    this.bytes = bytes;
    boolean strands = !outputName.equals(FORWARD) && !outputName.equals(REVERSE)
        && session.getOutputNames().containsAll(List.of(FORWARD, REVERSE));
    this.strandScores = strands ? this::runWithStrands : null;
  }

  /** Opens a session; the options are the caller's (provider, threads) and may be closed afterwards. */
  public static OnnxModel open(OrtEnvironment env, ModelBundle bundle, OrtSession.SessionOptions options)
      throws OrtException {
    OrtSession session = env.createSession(bundle.onnxFile().toString(), options);
    try {
      if (session.getNumInputs() != 1) {
        throw new BundleException(bundle.onnxFile() + ": expected one input [N, 4, L], the graph has "
            + session.getInputNames());
      }
      String input = session.getInputNames().iterator().next();
      Map<String, NodeInfo> outputs = session.getOutputInfo();
      String output = outputs.containsKey("scores") ? "scores" : outputs.keySet().iterator().next();
      int tasks = info(bundle, outputs.get(output));
      return new OnnxModel(env, session, bundle.info(), input, output, tasks, bundle.info().getOnnxSizeBytes());
    } catch (RuntimeException | OrtException e) {
      session.close();
      throw e;
    }
  }

  /** T from the graph's output shape when it is fixed, else from the manifest's task names. */
  private static int info(ModelBundle bundle, NodeInfo output) {
    int fromManifest = bundle.info().getTaskNamesCount();
    if (output.getInfo() instanceof TensorInfo t && t.getShape().length == 2 && t.getShape()[1] > 0) {
      int fromGraph = (int) t.getShape()[1];
      if (fromManifest > 0 && fromManifest != fromGraph) {
        throw new BundleException(bundle.onnxFile() + ": the graph outputs " + fromGraph
            + " columns but the manifest names " + fromManifest + " tasks");
      }
      return fromGraph;
    }
    if (fromManifest == 0) {
      throw new BundleException(bundle.dir() + ": neither the graph nor the manifest says how many tasks");
    }
    return fromManifest;
  }

  @Override
  public float[] run(byte[] channels, int n, int length) throws OrtException {
    try (OnnxTensor tensor = input(channels, n, length);
        OrtSession.Result result = session.run(Map.of(inputName, tensor), Set.of(outputName))) {
      return values(result, outputName, n);
    }
  }

  /** The pass's {@code [n, 4, length]} input, in this thread's native buffer. */
  private OnnxTensor input(byte[] channels, int n, int length) throws OrtException {
    return OnnxTensor.createTensor(env, DirectInput.of(channels, n, length), new long[] {n, 4, length});
  }

  @Override
  public BatchFunction strandScores() {
    return strandScores;
  }

  /** One run for the three outputs, laid out per row as {@link InferenceModel#strandScores} says. */
  private float[] runWithStrands(byte[] channels, int n, int length) throws OrtException {
    try (OnnxTensor tensor = input(channels, n, length);
        OrtSession.Result result = session.run(Map.of(inputName, tensor), Set.of(outputName, FORWARD, REVERSE))) {
      float[][] parts = {values(result, outputName, n), values(result, FORWARD, n), values(result, REVERSE, n)};
      float[] rows = new float[3 * n * tasks];
      for (int i = 0; i < n; i++) {
        for (int p = 0; p < 3; p++) {
          System.arraycopy(parts[p], i * tasks, rows, (3 * i + p) * tasks, tasks);
        }
      }
      return rows;
    }
  }

  private float[] values(OrtSession.Result result, String name, int n) {
    FloatBuffer scores = ((OnnxTensor) result.get(name).orElseThrow()).getFloatBuffer();
    float[] flat = new float[scores.remaining()];
    scores.get(flat);
    if (flat.length != n * tasks) {
      throw new IllegalStateException("model " + info.getId() + " returned " + flat.length + " values of " + name
          + " for " + n + " sequences x " + tasks + " tasks");
    }
    return flat;
  }

  @Override
  public ModelInfo info() {
    return info;
  }

  @Override
  public int tasks() {
    return tasks;
  }

  @Override
  public long memoryBytes() {
    return bytes;
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      // closing frees native memory; nothing to do if ONNX Runtime complains
    }
  }
}
