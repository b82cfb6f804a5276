package io.seqbind.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ShortestFloatTest {

  @Test
  void writesWhatJavaWrites() {
    assertEquals("0.0", ShortestFloat.toString(0f));
    assertEquals("-0.0", ShortestFloat.toString(-0f));
    assertEquals("NaN", ShortestFloat.toString(Float.NaN));
    assertEquals("Infinity", ShortestFloat.toString(Float.POSITIVE_INFINITY));
    assertEquals("-Infinity", ShortestFloat.toString(Float.NEGATIVE_INFINITY));
    assertEquals("1.0", ShortestFloat.toString(1f));
    assertEquals("100.0", ShortestFloat.toString(100f));
    assertEquals("-0.7562417", ShortestFloat.toString(-0.7562417f));
    assertEquals("123456.7", ShortestFloat.toString(123456.7f));
    assertEquals("9999999.0", ShortestFloat.toString(9999999f));
    assertEquals("1.0E7", ShortestFloat.toString(1.0E7f));
    assertEquals("1.2345678E7", ShortestFloat.toString(12345678f));
    assertEquals("0.001", ShortestFloat.toString(0.001f));
    assertEquals("1.0E-4", ShortestFloat.toString(1.0E-4f));
    assertEquals("1.4E-45", ShortestFloat.toString(Float.MIN_VALUE));
    // Java 17's Float.toString writes 1.17549435E-38 and 2.82879379E17 here, a digit more than needed.
    assertEquals("1.1754944E-38", ShortestFloat.toString(Float.MIN_NORMAL));
    assertEquals("2.8287938E17", ShortestFloat.toString(2.82879384806159E17f));
    assertEquals("3.4028235E38", ShortestFloat.toString(Float.MAX_VALUE));
  }

  /** Every kind of float (powers of two, the ends of both notations, subnormals), against the rule itself. */
  @Test
  void edgesFollowTheRule() {
    List<Float> edges = new ArrayList<>();
    for (int e = -149; e <= 127; e++) {
      float p = (float) Math.scalb(1.0, e);
      edges.add(p);
      edges.add(Math.nextUp(p));
      edges.add(Math.nextDown(p));
    }
    for (int t = 1; t < 256; t++) {
      edges.add(Float.intBitsToFloat(t));
    }
    for (float f : new float[] {1e-3f, 1e7f, 1e-45f, 1e38f, 16777216f, 8388608f, 0.1f, 0.3f, 2.82879384806159E17f}) {
      edges.add(f);
      edges.add(Math.nextUp(f));
      edges.add(Math.nextDown(f));
    }
    for (int i = 1; i <= 1000; i++) {
      edges.add((float) i);
      edges.add(i / 1000f);
    }
    for (float f : edges) {
      if (f > 0 && f < Float.POSITIVE_INFINITY) {
        assertEquals(reference(f), ShortestFloat.toString(f),
            () -> "bits " + Integer.toHexString(Float.floatToIntBits(f)));
        assertEquals("-" + reference(f), ShortestFloat.toString(-f));
      }
    }
  }

  @Test
  void randomFloatsFollowTheRuleAndReadBack() {
    SplittableRandom random = new SplittableRandom(20261207);
    for (int i = 0; i < 60_000; i++) {
      // Half uniform over the bit patterns (every exponent alike), half scores' typical range.
      float f = i % 2 == 0 ? Math.abs(Float.intBitsToFloat(random.nextInt()))
          : (float) (random.nextGaussian() * 4);
      if (!(f > 0) || f == Float.POSITIVE_INFINITY) {
        continue;
      }
      String text = ShortestFloat.toString(f);
      assertEquals(reference(f), text, () -> "bits " + Integer.toHexString(Float.floatToIntBits(f)));
      assertEquals(f, Float.parseFloat(text), text);
    }
  }

  @Test
  void appendsToWhatIsThere() {
    StringBuilder row = new StringBuilder("s1\t");
    ShortestFloat.append(row, 0.5f).append('\t');
    ShortestFloat.append(row, -2.5E-5f);
    assertEquals("s1\t0.5\t-2.5E-5", row.toString());
  }

  /**
   * The rule of Java 19's Float.toString, worked out with exact decimals for a finite v > 0: the decimals that
   * read back as v lie strictly inside (or, for an even significand, on the ends of) the interval halfway to
   * v's neighbours; take the fewest significant digits any of them has (at least two when one would do), and
   * of those of that length the one closest to v, ties to an even last digit.
   */
  private static String reference(float v) {
    BigDecimal exact = new BigDecimal(v);
    BigDecimal two = BigDecimal.valueOf(2);
    BigDecimal below = exact.add(new BigDecimal(Math.nextDown(v))).divide(two);
    BigDecimal above = v == Float.MAX_VALUE ? exact.add(new BigDecimal(Math.ulp(v)).divide(two))
        : exact.add(new BigDecimal(Math.nextUp(v))).divide(two);
    boolean ends = (Float.floatToIntBits(v) & 1) == 0;
    for (int n = 1; n <= 9; n++) {
      BigDecimal down = exact.round(new MathContext(n, RoundingMode.FLOOR));
      BigDecimal up = exact.round(new MathContext(n, RoundingMode.CEILING));
      if (inside(down, below, above, ends) || inside(up, below, above, ends)) {
        int digits = Math.max(n, 2);
        down = exact.round(new MathContext(digits, RoundingMode.FLOOR));
        up = exact.round(new MathContext(digits, RoundingMode.CEILING));
        boolean downIn = inside(down, below, above, ends);
        boolean upIn = inside(up, below, above, ends);
        BigDecimal chosen;
        if (downIn && upIn) {
          int cmp = exact.subtract(down).compareTo(up.subtract(exact));
          chosen = cmp < 0 ? down : cmp > 0 ? up : down.unscaledValue().testBit(0) ? up : down;
        } else {
          chosen = downIn ? down : up;
        }
        return javaNotation(chosen);
      }
    }
    throw new AssertionError("no decimal of 9 digits reads back as " + v);
  }

  private static boolean inside(BigDecimal d, BigDecimal below, BigDecimal above, boolean ends) {
    int lo = d.compareTo(below);
    int hi = d.compareTo(above);
    return ends ? lo >= 0 && hi <= 0 : lo > 0 && hi < 0;
  }

  private static String javaNotation(BigDecimal d) {
    BigDecimal stripped = d.stripTrailingZeros();
    String digits = stripped.unscaledValue().toString();
    int exponent = digits.length() - 1 - stripped.scale();
    if (exponent >= -3 && exponent < 7) {
      String plain = stripped.toPlainString();
      return plain.contains(".") ? plain : plain + ".0";
    }
    return digits.charAt(0) + "." + (digits.length() == 1 ? "0" : digits.substring(1)) + "E" + exponent;
  }
}
