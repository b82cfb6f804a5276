package io.seqbind.trainer.export;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Set;

/** Scores one-hot batches with ONNX Runtime (CPU) from an exported model's bytes. */
final class OrtScorer implements AutoCloseable {

  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final OrtSession session;

  OrtScorer(byte[] model) throws OrtException {
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1); // the test machine is shared; speed does not matter here
      session = env.createSession(model, options);
    }
  }

  /** {@code [n][tasks]} scores for a one-hot {@code [n, 4, length]} batch. */
  float[][] score(float[] oneHot, int n, int length) throws OrtException {
    return output(OnnxExport.OUTPUT, oneHot, n, length);
  }

  /** Graph output {@code name}, {@code [n][tasks]}, for a one-hot {@code [n, 4, length]} batch. */
  float[][] output(String name, float[] oneHot, int n, int length) throws OrtException {
    try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(oneHot), new long[] {n, 4, length});
        OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, input), Set.of(name))) {
      return (float[][]) result.get(name).orElseThrow().getValue();
    }
  }

  @Override
  public void close() throws OrtException {
    session.close();
  }
}
