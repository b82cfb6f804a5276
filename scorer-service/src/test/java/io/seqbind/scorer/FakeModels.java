package io.seqbind.scorer;

import io.seqbind.core.bundle.ModelBundle;
import io.seqbind.core.bundle.ModelStore;
import io.seqbind.core.seq.OneHot;
import io.seqbind.proto.v1.Alphabet;
import io.seqbind.proto.v1.ModelInfo;
import io.seqbind.proto.v1.ModelName;
import io.seqbind.proto.v1.TaskType;
import io.seqbind.scorer.runtime.InferenceModel;
import io.seqbind.scorer.runtime.ModelLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Bundles whose "model.onnx" is arbitrary bytes, opened by a loader that returns {@link FakeModel}, a forward
 * pass simple enough to compute from the sequence text in a test: for row r and task t,
 * {@code score = sum over positions p of (p + 1) * x[r, t mod 4, p] + t / 2}. With one-hot input that is the
 * sum of (p + 1) over positions holding base t mod 4 (A, C, G, T), plus 0.25 (p + 1) for every ambiguous
 * code; all values are multiples of 1/4 below 2^20, so float arithmetic is exact.
 */
public final class FakeModels {

  private FakeModels() {}

  public static ModelInfo info(String name, String version, int tasks, int minLength, TaskType type) {
    return ModelInfo.newBuilder()
        .setName(ModelName.newBuilder().setName(name).setVersion(version))
        .setTaskType(type)
        .addAllTaskNames(IntStream.range(0, tasks).mapToObj(t -> "task" + t).toList())
        .setAlphabet(Alphabet.ALPHABET_DNA)
        .setMinLength(minLength)
        .setCreateTime(com.google.protobuf.Timestamp.newBuilder().setSeconds(Long.parseLong(version.replaceAll("\\D", "1"))))
        .build();
  }

  /** Adds a bundle with unique content (so a unique id). */
  public static ModelBundle add(ModelStore store, ModelInfo info) throws IOException {
    byte[] onnx = ("fake model " + info.getName().getName() + ":" + info.getName().getVersion() + " "
        + info.getTaskNamesCount()).getBytes(StandardCharsets.UTF_8);
    return store.add(onnx, info);
  }

  /** The expected fake score of {@code bases} for task t, computed from the text (not from OneHot). */
  public static float expected(String bases, int t) {
    char want = "ACGT".charAt(t % 4);
    double sum = t / 2.0;
    for (int p = 0; p < bases.length(); p++) {
      char c = Character.toUpperCase(bases.charAt(p));
      if (c == 'U') {
        c = 'T';
      }
      if (c == want) {
        sum += p + 1;
      } else if ("ACGT".indexOf(c) < 0) {
        sum += 0.25 * (p + 1);
      }
    }
    return (float) sum;
  }

  /** Counts opens and closes. */
  public static final class Loader implements ModelLoader {
    public final AtomicInteger loads = new AtomicInteger();
    public final AtomicInteger closes = new AtomicInteger();
    /** Rows run through any model. */
    public final AtomicInteger rows = new AtomicInteger();
    /** When set, every forward pass waits for it (tests of flow control and deadlines). */
    public volatile java.util.concurrent.CountDownLatch gate;

    @Override
    public InferenceModel load(ModelBundle bundle) {
      loads.incrementAndGet();
      return new FakeModel(bundle.info(), bundle.info().getOnnxSizeBytes(), closes, this);
    }
  }

  public static final class FakeModel implements InferenceModel {
    private final ModelInfo info;
    private final long bytes;
    private final AtomicInteger closes;
    private final Loader loader;
    public volatile boolean closed;

    FakeModel(ModelInfo info, long bytes, AtomicInteger closes, Loader loader) {
      this.info = info;
      this.bytes = bytes;
      this.closes = closes;
      this.loader = loader;
    }

    @Override
    public float[] run(byte[] channels, int n, int length) throws InterruptedException {
      float[] input = OneHot.expand(channels, n, length);
      java.util.concurrent.CountDownLatch gate = loader == null ? null : loader.gate;
      if (gate != null) {
        gate.await();
      }
      if (loader != null) {
        loader.rows.addAndGet(n);
      }
      if (closed) {
        throw new IllegalStateException("run on a closed model");
      }
      int tasks = tasks();
      float[] out = new float[n * tasks];
      for (int r = 0; r < n; r++) {
        for (int t = 0; t < tasks; t++) {
          float sum = t / 2f;
          int base = r * 4 * length + (t % 4) * length;
          for (int p = 0; p < length; p++) {
            sum += (p + 1) * input[base + p];
          }
          out[r * tasks + t] = sum;
        }
      }
      return out;
    }

    @Override
    public ModelInfo info() {
      return info;
    }

    @Override
    public int tasks() {
      return info.getTaskNamesCount();
    }

    @Override
    public long memoryBytes() {
      return bytes;
    }

    @Override
    public void close() {
      closed = true;
      closes.incrementAndGet();
    }
  }

  public static List<String> taskNames(int tasks) {
    return IntStream.range(0, tasks).mapToObj(t -> "task" + t).toList();
  }
}
