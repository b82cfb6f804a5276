package io.seqbind.trainer.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every pass of an {@link AparapiOps} against {@link JavaOps} on random data. Subclasses pick the device
 * and the tolerance: 0 (bit for bit) in the Java thread pool, whose kernels keep the reference's
 * accumulation order; a stated relative tolerance on OpenCL, where the compiler may contract
 * multiply-adds into FMAs.
 */
abstract class OpsContractTest {

  /** The ops under test (shared per class; created once). */
  abstract AparapiOps ops();

  /** Allowed |kernel - reference| relative to max(1, max |reference|) for forward passes; 0 = bit for bit. */
  abstract float forwardTolerance();

  /** The same for gradients (weights, bias, input). */
  abstract float gradientTolerance();

  private final JavaOps ref = new JavaOps();

  static final List<ConvShape> BASES_SHAPES = List.of(
      new ConvShape(1, 5, 4, 101, 16, 24, 1),    // DeepBind first layer
      new ConvShape(3, 4, 4, 37, 7, 5, 2),       // three models, dilation 2
      new ConvShape(2, 3, 4, 10, 3, 10, 1),      // output length 1
      new ConvShape(1, 2, 4, 50, 33, 9, 3));     // filters not a power of two

  static final List<ConvShape> DENSE_SHAPES = List.of(
      new ConvShape(1, 3, 16, 30, 8, 5, 1),
      new ConvShape(3, 2, 5, 40, 6, 3, 2),       // three models, dilation 2
      new ConvShape(2, 2, 3, 7, 4, 7, 1));       // output length 1

  static final List<PoolShape> POOL_SHAPES = List.of(
      new PoolShape(1, 4, 16, 40, 3, 3),         // local_win3, remainder 1 dropped
      new PoolShape(3, 2, 5, 86, 9, 9),          // window 9, remainder 5 dropped, three models
      PoolShape.global(3, 3, 7, 86),             // global
      new PoolShape(1, 2, 3, 21, 5, 2),          // overlapping windows
      new PoolShape(1, 1, 1, 1, 1, 1));          // a single element

  // ------------------------------------------------------------------ convolution

  @Test
  void forwardBasesEqualsReference() {
    Random rnd = new Random(1);
    for (ConvShape s : BASES_SHAPES) {
      byte[] bases = bases(rnd, s.basesSize(), 0.1);
      float[] w = gaussian(rnd, s.weightSize());
      float[] b = gaussian(rnd, s.biasSize());
      float[] expected = new float[s.outputSize()];
      ref.forwardBases(s, bases, w, b, expected);
      float[] actual = garbage(s.outputSize());
      ops().forwardBases(s, bases, w, b, actual);
      check(s + " forwardBases", expected, actual, forwardTolerance());
    }
  }

  @Test
  void backwardBasesEqualsReference() {
    Random rnd = new Random(2);
    for (ConvShape s : BASES_SHAPES) {
      byte[] bases = bases(rnd, s.basesSize(), 0.1);
      float[] gradOut = gaussian(rnd, s.outputSize());
      float[] eW = new float[s.weightSize()];
      float[] eB = new float[s.biasSize()];
      ref.backwardBases(s, bases, gradOut, eW, eB);
      float[] aW = garbage(s.weightSize());
      float[] aB = garbage(s.biasSize());
      ops().backwardBases(s, bases, gradOut, aW, aB);
      check(s + " backwardBases dW", eW, aW, gradientTolerance());
      check(s + " backwardBases dB", eB, aB, gradientTolerance());
    }
  }

  @Test
  void allAmbiguousBasesGiveQuarterWeights() {
    ConvShape s = new ConvShape(1, 2, 4, 12, 5, 4, 1);
    Random rnd = new Random(3);
    byte[] bases = new byte[s.basesSize()];
    Arrays.fill(bases, ConvShape.AMBIGUOUS);
    float[] w = gaussian(rnd, s.weightSize());
    float[] b = gaussian(rnd, s.biasSize());
    float[] expected = new float[s.outputSize()];
    ref.forwardBases(s, bases, w, b, expected);
    float[] actual = garbage(s.outputSize());
    ops().forwardBases(s, bases, w, b, actual);
    check("all-N forwardBases", expected, actual, forwardTolerance());
    float[] gradOut = gaussian(rnd, s.outputSize());
    float[] eW = new float[s.weightSize()];
    float[] eB = new float[s.biasSize()];
    ref.backwardBases(s, bases, gradOut, eW, eB);
    float[] aW = garbage(s.weightSize());
    float[] aB = garbage(s.biasSize());
    ops().backwardBases(s, bases, gradOut, aW, aB);
    check("all-N backwardBases dW", eW, aW, gradientTolerance());
    // each channel of a weight column gets the same quarter share: an independent sanity check
    for (int k = 0; k < s.width(); k++) {
      assertEquals(aW[k], aW[s.width() + k], 0f, "channels A and C of column " + k);
    }
  }

  @Test
  void forwardEqualsReference() {
    Random rnd = new Random(4);
    for (ConvShape s : DENSE_SHAPES) {
      float[] in = gaussian(rnd, s.inputSize());
      float[] w = gaussian(rnd, s.weightSize());
      float[] b = gaussian(rnd, s.biasSize());
      float[] expected = new float[s.outputSize()];
      ref.forward(s, in, w, b, expected);
      float[] actual = garbage(s.outputSize());
      ops().forward(s, in, w, b, actual);
      check(s + " forward", expected, actual, forwardTolerance());
    }
  }

  @Test
  void backwardEqualsReference() {
    Random rnd = new Random(5);
    for (ConvShape s : DENSE_SHAPES) {
      float[] in = gaussian(rnd, s.inputSize());
      float[] w = gaussian(rnd, s.weightSize());
      float[] gradOut = gaussian(rnd, s.outputSize());
      float[] eIn = new float[s.inputSize()];
      float[] eW = new float[s.weightSize()];
      float[] eB = new float[s.biasSize()];
      ref.backward(s, in, w, gradOut, eIn, eW, eB);
      float[] aIn = garbage(s.inputSize());
      float[] aW = garbage(s.weightSize());
      float[] aB = garbage(s.biasSize());
      ops().backward(s, in, w, gradOut, aIn, aW, aB);
      check(s + " backward dIn", eIn, aIn, gradientTolerance());
      check(s + " backward dW", eW, aW, gradientTolerance());
      check(s + " backward dB", eB, aB, gradientTolerance());
      // without an input gradient (first dense input): same weight gradients
      float[] aW2 = garbage(s.weightSize());
      float[] aB2 = garbage(s.biasSize());
      ops().backward(s, in, w, gradOut, null, aW2, aB2);
      check(s + " backward dW (no dIn)", eW, aW2, gradientTolerance());
      check(s + " backward dB (no dIn)", eB, aB2, gradientTolerance());
    }
  }

  @Test
  void repeatedCallsOnTheSameArraysSeeNewData() {
    // a training loop reuses its arrays: every call must upload what changed since the last one
    ConvShape s = new ConvShape(2, 3, 4, 30, 6, 5, 1);
    Random rnd = new Random(6);
    byte[] bases = new byte[s.basesSize()];
    float[] w = new float[s.weightSize()];
    float[] b = new float[s.biasSize()];
    float[] out = new float[s.outputSize()];
    float[] gradOut = new float[s.outputSize()];
    float[] gW = new float[s.weightSize()];
    float[] gB = new float[s.biasSize()];
    for (int step = 0; step < 3; step++) {
      byte[] nb = bases(rnd, s.basesSize(), 0.05);
      System.arraycopy(nb, 0, bases, 0, nb.length);
      System.arraycopy(gaussian(rnd, w.length), 0, w, 0, w.length);
      System.arraycopy(gaussian(rnd, b.length), 0, b, 0, b.length);
      System.arraycopy(gaussian(rnd, gradOut.length), 0, gradOut, 0, gradOut.length);
      float[] eOut = new float[out.length];
      float[] eW = new float[gW.length];
      float[] eB = new float[gB.length];
      ref.forwardBases(s, bases, w, b, eOut);
      ref.backwardBases(s, bases, gradOut, eW, eB);
      ops().forwardBases(s, bases, w, b, out);
      ops().backwardBases(s, bases, gradOut, gW, gB);
      check("step " + step + " forwardBases", eOut, out, forwardTolerance());
      check("step " + step + " backwardBases dW", eW, gW, gradientTolerance());
      check("step " + step + " backwardBases dB", eB, gB, gradientTolerance());
    }
  }

  // ------------------------------------------------------------------ pooling

  @Test
  void maxPoolEqualsReference() {
    Random rnd = new Random(7);
    for (PoolShape s : POOL_SHAPES) {
      for (boolean ties : new boolean[] {false, true}) {
        float[] in = ties ? coarse(rnd, s.inputSize()) : gaussian(rnd, s.inputSize());
        float[] eOut = new float[s.outputSize()];
        int[] eArg = new int[s.outputSize()];
        ref.maxForward(s, in, eOut, eArg);
        float[] aOut = garbage(s.outputSize());
        int[] aArg = new int[s.outputSize()];
        Arrays.fill(aArg, -1);
        ops().maxForward(s, in, aOut, aArg);
        check(s + " maxForward", eOut, aOut, 0f);
        assertArrayEquals(eArg, aArg, s + " argmax (first maximum wins ties)");

        float[] gradOut = gaussian(rnd, s.outputSize());
        float[] eIn = new float[s.inputSize()];
        ref.maxBackward(s, gradOut, eArg, eIn);
        float[] aIn = garbage(s.inputSize());
        ops().maxBackward(s, gradOut, aArg, aIn);
        check(s + " maxBackward", eIn, aIn, gradientTolerance());
      }
    }
  }

  @Test
  void avgPoolEqualsReference() {
    Random rnd = new Random(8);
    for (PoolShape s : POOL_SHAPES) {
      float[] in = gaussian(rnd, s.inputSize());
      float[] eOut = new float[s.outputSize()];
      ref.avgForward(s, in, eOut);
      float[] aOut = garbage(s.outputSize());
      ops().avgForward(s, in, aOut);
      check(s + " avgForward", eOut, aOut, forwardTolerance());

      float[] gradOut = gaussian(rnd, s.outputSize());
      float[] eIn = new float[s.inputSize()];
      ref.avgBackward(s, gradOut, eIn);
      float[] aIn = garbage(s.inputSize());
      ops().avgBackward(s, gradOut, aIn);
      check(s + " avgBackward", eIn, aIn, gradientTolerance());
    }
  }

  // ------------------------------------------------------------------ helpers

  /** Tolerance 0: the same bits (so -0 vs 0 and NaN payloads count); else relative to max(1, max|expected|). */
  static void check(String what, float[] expected, float[] actual, float tolerance) {
    float scale = 1f;
    for (float v : expected) {
      scale = Math.max(scale, Math.abs(v));
    }
    for (int i = 0; i < expected.length; i++) {
      boolean ok = tolerance == 0f
          ? Float.floatToRawIntBits(expected[i]) == Float.floatToRawIntBits(actual[i])
          : Math.abs(expected[i] - actual[i]) <= tolerance * scale;
      if (!ok) {
        fail(what + ": element " + i + " is " + actual[i] + ", reference " + expected[i]
            + (tolerance == 0f ? " (bit-for-bit expected)" : " (tolerance " + tolerance + " x " + scale + ")"));
      }
    }
  }

  static byte[] bases(Random rnd, int n, double ambiguous) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = rnd.nextDouble() < ambiguous ? ConvShape.AMBIGUOUS : (byte) rnd.nextInt(4);
    }
    return b;
  }

  static float[] gaussian(Random rnd, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) rnd.nextGaussian();
    }
    return a;
  }

  /** Few distinct values, so that windows have tied maxima. */
  static float[] coarse(Random rnd, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = rnd.nextInt(3);
    }
    return a;
  }

  /** Output arrays start as NaN: a pass that forgets to write an element fails. */
  static float[] garbage(int n) {
    float[] a = new float[n];
    Arrays.fill(a, Float.NaN);
    return a;
  }
}
