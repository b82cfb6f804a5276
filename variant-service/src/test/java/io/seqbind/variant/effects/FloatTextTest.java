package io.seqbind.variant.effects;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The memoized text is Float.toString's for every value, repeated or not, whatever slot it lands in. */
class FloatTextTest {

  @Test
  void textIsFloatToStringForEveryValue() {
    FloatText text = new FloatText();
    Random rng = new Random(3);
    float[] special = {0f, -0f, Float.NaN, Float.intBitsToFloat(0x7fc00001), Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY, Float.MIN_VALUE, Float.MAX_VALUE, Float.MIN_NORMAL, 1e-3f, 1e7f, -0.5538505f};
    float previous = 0f;
    for (int i = 0; i < 200_000; i++) {
      float v = switch (rng.nextInt(4)) {
        case 0 -> special[rng.nextInt(special.length)];
        case 1 -> previous; // a row repeats values
        case 2 -> Float.intBitsToFloat(rng.nextInt()); // any bits, so slots collide
        default -> (float) rng.nextGaussian();
      };
      StringBuilder out = new StringBuilder("x");
      assertEquals("x" + Float.toString(v), text.append(out, v).toString(), "bits " + Float.floatToRawIntBits(v));
      previous = v;
    }
  }
}
