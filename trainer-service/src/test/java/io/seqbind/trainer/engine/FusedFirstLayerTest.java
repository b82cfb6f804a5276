package io.seqbind.trainer.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.seqbind.core.model.PoolMode;
import io.seqbind.trainer.ops.JavaOps;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fused conv + ReLU + global max first layer equals the unfused layers over {@link JavaOps}: outputs to
 * rounding (its k-mer tables sum the weights in groups), weight and bias gradients bit for bit (the same
 * argmax, the same terms in the same order), for widths that give every k-mer group size (1, 2, 3) and a
 * last group of 1, 2 or 3 offsets, with ambiguous bases, dilation, two models and filters whose maxima are all negative (the ReLU
 * blocks their gradient), in both summation orders (few and many filters).
 */
class FusedFirstLayerTest {

  @ParameterizedTest
  @CsvSource({"1, 5, 16, 24, 1, 101", "1, 5, 16, 23, 1, 101", "2, 3, 70, 8, 1, 40", "2, 7, 5, 6, 2, 30",
      "2, 7, 5, 7, 2, 30", "3, 4, 33, 3, 3, 12", "3, 4, 9, 2, 1, 12", "2, 4, 9, 1, 1, 12"})
  void fusedEqualsUnfused(int models, int n, int filters, int width, int dilation, int length) {
    JavaOps ops = new JavaOps();
    ParamStore a = new ParamStore(models);
    ParamStore b = new ParamStore(models);
    BasesConvLayer conv = new BasesConvLayer(ops, a, 0, models, n, length, filters, width, dilation);
    int lOut = length - (width - 1) * dilation;
    ReluLayer relu = new ReluLayer(models, n, filters * lOut);
    GlobalPoolLayer pool = new GlobalPoolLayer(ops, PoolMode.MAX, models, n, filters, lOut);
    BasesConvReluMaxLayer fused = new BasesConvReluMaxLayer(b, 0, models, n, length, filters, width, dilation);
    SplittableRandom random = new SplittableRandom(filters * 31L + width);
    for (int i = 0; i < conv.weight.value().length; i++) {
      float v = (float) random.nextGaussian() * 0.3f;
      conv.weight.value()[i] = v;
      fused.weight.value()[i] = v;
    }
    for (int i = 0; i < conv.bias.value().length; i++) {
      float v = i % 3 == 0 ? -50f : (float) random.nextGaussian() * 0.1f; // some filters never positive
      conv.bias.value()[i] = v;
      fused.bias.value()[i] = v;
    }
    byte[] bases = new byte[models * n * length];
    for (int i = 0; i < bases.length; i++) {
      bases[i] = (byte) (random.nextInt(10) == 0 ? 4 : random.nextInt(4));
    }
    float[] expected = pool.forward(relu.forward(conv.forward(bases, n), n, true), n, true);
    float[] actual = fused.forward(bases, n);
    int pooled = models * n * filters;
    for (int i = 0; i < pooled; i++) {
      // Sums of up to 24 terms of |x| <= ~1 regrouped: a few float ulps of the largest partial sum.
      assertEquals(expected[i], actual[i], 2e-6f * Math.max(1f, Math.abs(expected[i])), "pooled activation " + i);
    }
    float[] grad = new float[pooled];
    for (int i = 0; i < pooled; i++) {
      grad[i] = (float) random.nextGaussian();
    }
    conv.backward(relu.backward(pool.backward(grad, n), n), n);
    fused.backward(grad, n);
    assertArrayEquals(conv.weight.grad(), fused.weight.grad());
    assertArrayEquals(conv.bias.grad(), fused.bias.grad());
  }
}
