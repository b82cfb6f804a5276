package io.seqbind.scorer.runtime;

import io.seqbind.core.seq.OneHot;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * A forward pass's input in native memory, one buffer per thread, reused from pass to pass, filled by expanding
 * the batch's one-hot channels (one byte per base) straight into it.
 *
 * <p>Why: {@code OnnxTensor.createTensor} copies a heap {@code FloatBuffer} into a fresh direct buffer of its
 * own ({@code ByteBuffer.allocateDirect}, zeroed, freed only when a GC finds it) for every pass. Measured on
 * the 2-core machine (DeepBind, [1024, 4, 101], 2 intra-op threads, runs interleaved): 31-58k sequences/s with
 * a heap buffer against 81-210k/s with this thread's direct buffer refilled by a plain copy, i.e. the
 * allocation, not the copy, cost two thirds of the pass. A direct buffer in native byte order is handed to
 * ONNX Runtime as it is. The floats are written here once: the request path keeps the compact channels, so a
 * 1,024-sequence chunk is 103 kB to queue and merge rather than a 1.6 MB float array (a humongous object for
 * G1) that was then copied twice.
 *
 * <p>The callers are the batcher's fixed worker threads, so a buffer lives as long as its worker and grows to
 * the largest pass that worker ran (bounded by the scorer's max-batch-bases: 16 bytes per base). A pass
 * larger than {@link #MAX_KEPT_BYTES} gets a buffer of its own that is not kept.
 */
final class DirectInput {

  /** Largest buffer a thread keeps between passes: the default max-batch-bases (1 Mi) x 4 x 4 bytes, twice. */
  static final long MAX_KEPT_BYTES = 32L << 20;

  private static final ThreadLocal<FloatBuffer> BUFFER = new ThreadLocal<>();
  /** One row's {@code [4, L]} floats, expanded on the heap and copied into the buffer in one bulk put. */
  private static final ThreadLocal<float[]> ROW = ThreadLocal.withInitial(() -> new float[0]);

  private DirectInput() {}

  /**
   * {@code n} rows of {@code length} channels expanded into this thread's buffer as {@code [n, 4, length]},
   * positioned at 0 with its length as limit. Valid until this thread's next call: the tensor made from it must
   * be closed before then.
   */
  static FloatBuffer of(byte[] channels, int n, int length) {
    int rowFloats = 4 * length;
    long bytes = 4L * n * rowFloats;
    FloatBuffer buffer = BUFFER.get();
    if (buffer == null || buffer.capacity() < (long) n * rowFloats) {
      buffer = ByteBuffer.allocateDirect(Math.toIntExact(bytes)).order(ByteOrder.nativeOrder()).asFloatBuffer();
      if (bytes <= MAX_KEPT_BYTES) {
        BUFFER.set(buffer);
      }
    }
    float[] row = ROW.get();
    if (row.length < rowFloats) {
      row = new float[rowFloats];
      ROW.set(row);
    }
    buffer.clear();
    for (int r = 0; r < n; r++) {
      OneHot.expand(channels, r * length, length, row, 0);
      buffer.put(row, 0, rowFloats);
    }
    buffer.flip();
    return buffer;
  }
}
