package io.seqbind.scorer.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.seqbind.core.bundle.ModelBundle;
import io.seqbind.core.seq.OneHot;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The peer every scorer figure is compared with: ONNX Runtime's own {@code session.run} on a tensor
 * encoded once beforehand, from one caller thread, the way a program that had its input ready would call
 * it. Same model file, same optimisation level and output as the scorer; the intra-op threads and spinning
 * are given so that both the scorer's settings and ONNX Runtime's defaults can be measured.
 */
public final class RawOrt {

  static final int BATCH = 1024;

  private RawOrt() {}

  /**
   * The peer figure for other benches (bench/variant_bench.sh): sequences/s of the bundle in BUNDLE_DIR on
   * random sequences of LENGTH, the better of spinning off and on, with this machine's CPUs as intra-op threads.
   *
   * <p>usage: RawOrt BUNDLE_DIR LENGTH [SEQUENCES=300000]; prints {@code raw_ort=X}
   */
  public static void main(String[] args) throws Exception {
    ModelBundle bundle = ModelBundle.load(java.nio.file.Path.of(args[0]));
    int length = Integer.parseInt(args[1]);
    long total = args.length > 2 ? Long.parseLong(args[2]) : 300_000;
    List<String> pool = ScoreThroughput.pool(length, BATCH);
    int cpus = io.seqbind.scorer.CpuLimit.processors();
    double off = run(bundle, pool, total, cpus, false);
    double on = run(bundle, pool, total, cpus, true);
    System.out.printf(java.util.Locale.ROOT, "raw ONNX Runtime session.run [%d, 4, %d], %d intra-op threads: "
        + "%.0f/s spinning off, %.0f/s on%nraw_ort=%.0f%n", BATCH, length, cpus, off, on, Math.max(off, on));
    System.exit(0);
  }

  /** Sequences/s over {@code total} sequences in runs of BATCH (after 20 untimed runs). */
  static double run(ModelBundle bundle, List<String> pool, long total, int intraOpThreads, boolean spinning)
      throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(intraOpThreads);
      options.setInterOpNumThreads(1);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      options.addConfigEntry("session.intra_op.allow_spinning", spinning ? "1" : "0");
      try (OrtSession session = env.createSession(bundle.onnxFile().toString(), options)) {
        int length = pool.get(0).length();
        float[] input = new float[BATCH * 4 * length];
        OneHot.encodeBatch(pool.subList(0, BATCH), input);
        String in = session.getInputNames().iterator().next();
        String out = session.getOutputNames().contains("scores") ? "scores" : session.getOutputNames().iterator().next();
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {BATCH, 4, length})) {
          for (int i = 0; i < 20; i++) {
            session.run(Map.of(in, tensor), Set.of(out)).close();
          }
          long runs = Math.max(1, total / BATCH);
          long start = System.nanoTime();
          for (long i = 0; i < runs; i++) {
            session.run(Map.of(in, tensor), Set.of(out)).close();
          }
          return runs * BATCH / ((System.nanoTime() - start) / 1e9);
        }
      }
    }
  }
}
