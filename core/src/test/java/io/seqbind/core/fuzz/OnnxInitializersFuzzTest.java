package io.seqbind.core.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.seqbind.core.onnx.FloatTensor;
import io.seqbind.core.onnx.OnnxInitializers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * ONNX initializers (core OnnxInitializers): any bytes parse or fail with an IOException naming the source;
 * every float tensor read has as many values as its dims say.
 */
class OnnxInitializersFuzzTest {

  private static final Path DIR = FuzzChecks.scratch("onnx");

  @FuzzTest
  void onnx(byte[] input) {
    Path file = FuzzChecks.write(DIR.resolve("model.onnx"), input);
    OnnxInitializers[] read = new OnnxInitializers[1];
    Throwable failed = FuzzChecks.expect(input, List.of(file.toString()),
        () -> read[0] = OnnxInitializers.read(file), IOException.class);
    if (failed == null) {
      for (FloatTensor t : read[0].all().values()) {
        long count = 1;
        for (long d : t.dims()) {
          if (d < 0) {
            throw new AssertionError("tensor " + t.name() + " read with a negative dimension");
          }
          count = Math.multiplyExact(count, d);
        }
        if (count != t.values().length) {
          throw new AssertionError("tensor dims " + java.util.Arrays.toString(t.dims()) + " but "
              + t.values().length + " values");
        }
      }
      FuzzChecks.expect(input, List.of(file.toString()), () -> read[0].get("conv1.weight"), IOException.class);
    }
  }
}
