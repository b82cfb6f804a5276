package io.seqbind.scorer.runtime;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * A forward pass's input in native memory, one buffer per thread, reused from pass to pass.
 *
 * <p>Why: {@code OnnxTensor.createTensor} copies a heap {@code FloatBuffer} into a fresh direct buffer of its
 * own ({@code ByteBuffer.allocateDirect}, zeroed, freed only when a GC finds it) for every pass. Measured on
 * the 2-core machine (DeepBind, [1024, 4, 101], 2 intra-op threads, runs interleaved): 31-58k sequences/s with
 * a heap buffer against 81-210k/s with this thread's direct buffer refilled by a plain copy, i.e. the
 * allocation, not the copy, cost two thirds of the pass. A direct buffer in native byte order is handed to
 * ONNX Runtime as it is.
 *
 * <p>The callers are the batcher's fixed worker threads, so a buffer lives as long as its worker and grows to
 * the largest pass that worker ran (bounded by the scorer's max-batch-bases: 16 bytes per base). A pass
 * larger than {@link #MAX_KEPT_BYTES} gets a buffer of its own that is not kept.
 */
final class DirectInput {

  /** Largest buffer a thread keeps between passes: the default max-batch-bases (1 Mi) x 4 x 4 bytes, twice. */
  static final long MAX_KEPT_BYTES = 32L << 20;

  private static final ThreadLocal<FloatBuffer> BUFFER = new ThreadLocal<>();

  private DirectInput() {}

  /**
   * {@code input} copied into this thread's buffer, positioned at 0 with its length as limit. Valid until this
   * thread's next call: the tensor made from it must be closed before then.
   */
  static FloatBuffer of(float[] input) {
    long bytes = 4L * input.length;
    FloatBuffer buffer = BUFFER.get();
    if (buffer == null || buffer.capacity() < input.length) {
      buffer = ByteBuffer.allocateDirect(Math.toIntExact(bytes)).order(ByteOrder.nativeOrder()).asFloatBuffer();
      if (bytes <= MAX_KEPT_BYTES) {
        BUFFER.set(buffer);
      }
    }
    buffer.clear();
    buffer.put(input);
    buffer.flip();
    return buffer;
  }
}
