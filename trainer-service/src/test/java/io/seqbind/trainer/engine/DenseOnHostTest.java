package io.seqbind.trainer.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.seqbind.trainer.ops.ConvShape;
import io.seqbind.trainer.ops.JavaOps;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A small dense layer's flat host loops equal {@link JavaOps}' convolution passes bit for bit. */
class DenseOnHostTest {

  @Test
  void denseOnHostEqualsJavaOps() {
    int models = 2;
    int n = 5;
    int channels = 3;
    int length = 4;
    int units = 6;
    ParamStore store = new ParamStore(models);
    ConvLayer dense = ConvLayer.denseOnHost(store, "d", 1, models, n, channels, length, units);
    SplittableRandom random = new SplittableRandom(7);
    float[] in = new float[models * n * channels * length];
    float[] gradOut = new float[models * n * units];
    fill(random, in);
    fill(random, gradOut);
    fill(random, dense.weight.value());
    fill(random, dense.bias.value());
    ConvShape s = new ConvShape(models, n, channels, length, units, length, 1);
    float[] out = new float[s.outputSize()];
    float[] gradIn = new float[s.inputSize()];
    float[] gradW = new float[s.weightSize()];
    float[] gradB = new float[s.biasSize()];
    JavaOps ops = new JavaOps();
    ops.forward(s, in, dense.weight.value(), dense.bias.value(), out);
    ops.backward(s, in, dense.weight.value(), gradOut, gradIn, gradW, gradB);
    assertArrayEquals(out, dense.forward(in, n, true));
    assertArrayEquals(gradIn, dense.backward(gradOut, n));
    assertArrayEquals(gradW, dense.weight.grad());
    assertArrayEquals(gradB, dense.bias.grad());
  }

  private static void fill(SplittableRandom random, float[] a) {
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) random.nextGaussian();
    }
  }
}
