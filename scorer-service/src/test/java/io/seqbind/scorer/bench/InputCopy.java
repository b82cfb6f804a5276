package io.seqbind.scorer.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.seqbind.core.bundle.ModelBundle;
import io.seqbind.core.seq.OneHot;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What handing a pass's input to ONNX Runtime costs, in sequences/s of {@code session.run} on
 * {@code [1024, 4, L]}, the three ways interleaved over {@code ROUNDS} rounds: one tensor made once and reused
 * (the raw peer), a tensor per pass from a heap {@code FloatBuffer} (ORT copies it into a fresh
 * {@code allocateDirect} buffer of its own: what the scorer did), and a tensor per pass from a direct buffer
 * refilled by a copy (what the scorer does now, {@code DirectInput}).
 *
 * <p>usage: InputCopy BUNDLE_DIR LENGTH [SEQUENCES_PER_ROUND=200000] [ROUNDS=3] [INTRA_OP=CPUs]
 */
public final class InputCopy {

  private InputCopy() {}

  public static void main(String[] args) throws Exception {
    ModelBundle bundle = ModelBundle.load(Path.of(args[0]));
    int length = Integer.parseInt(args[1]);
    long total = args.length > 2 ? Long.parseLong(args[2]) : 200_000;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    int threads = args.length > 4 ? Integer.parseInt(args[4]) : io.seqbind.scorer.CpuLimit.processors();
    int batch = RawOrt.BATCH;
    List<String> pool = ScoreThroughput.pool(length, batch);
    float[] input = new float[batch * 4 * length];
    OneHot.encodeBatch(pool, input);
    long[] shape = {batch, 4, length};
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    double[] sums = new double[3];
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(threads);
      options.setInterOpNumThreads(1);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      options.addConfigEntry("session.intra_op.allow_spinning", "0");
      options.setMemoryPatternOptimization(false);
      try (OrtSession session = env.createSession(bundle.onnxFile().toString(), options);
          OnnxTensor reused = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape)) {
        String in = session.getInputNames().iterator().next();
        String out = session.getOutputNames().contains("scores") ? "scores"
            : session.getOutputNames().iterator().next();
        FloatBuffer direct = ByteBuffer.allocateDirect(4 * input.length).order(ByteOrder.nativeOrder()).asFloatBuffer();
        long runs = Math.max(1, total / batch);
        for (int r = -1; r < rounds; r++) { // round -1 warms up
          for (int way = 0; way < 3; way++) {
            long start = System.nanoTime();
            for (long i = 0; i < runs; i++) {
              OnnxTensor tensor = switch (way) {
                case 0 -> null;
                case 1 -> OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
                default -> {
                  direct.clear();
                  direct.put(input).flip();
                  yield OnnxTensor.createTensor(env, direct, shape);
                }
              };
              try (OrtSession.Result result = session.run(Map.of(in, tensor == null ? reused : tensor), Set.of(out))) {
                result.get(0);
              } finally {
                if (tensor != null) {
                  tensor.close();
                }
              }
            }
            if (r >= 0) {
              sums[way] += runs * batch / ((System.nanoTime() - start) / 1e9);
            }
          }
        }
      }
    }
    System.out.printf(Locale.ROOT, "input-copy: [%d, 4, %d], %d intra-op threads, mean of %d rounds: reused tensor "
        + "%.0f/s, heap buffer per pass %.0f/s, direct buffer refilled per pass %.0f/s%n", batch, length, threads,
        rounds, sums[0] / rounds, sums[1] / rounds, sums[2] / rounds);
    System.exit(0);
  }
}
