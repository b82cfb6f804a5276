package io.seqbind.core.io;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * A float as text, the way Java 19+ writes {@link Float#toString(float)}: the shortest decimal that reads back as
 * the same float (of those, the closest to it, ties to an even last digit; with one digit enough, the closest of one
 * or two digits), in Java's plain notation from 10^-3 to 10^7 and its E notation outside.
 *
 * <p>Why not Float.toString itself: on Java 17, the project's runtime, it goes through {@code FloatingDecimal},
 * which was 1.8 of a {@code seqbind variants} run's 37 CPU seconds (async-profiler, ten models, strand columns) and
 * in rare cases writes a digit more than needed (JDK-4511638). Every writer of scores (TSVs, VCF) calls this.
 *
 * <p>The method is Giulietti's Schubfach ("The Schubfach way to render doubles", 2020), which JDK 19 adopted: scale
 * the float's rounding interval by a power of ten so that it holds at most a couple of integers, then pick among
 * them with exact comparisons. The scaling multiplies by a 63-bit upper approximation of 10^-k and rounds to odd,
 * which keeps every comparison with an even number exact (the paper proves 63 bits are enough for floats). The
 * tables are computed here from exact integer arithmetic, not copied in. ShortestFloatTest checks the result
 * against a BigDecimal rendering of the same rule; bench/README.md records a check of all 2^32 floats against
 * Java 25's Float.toString.
 */
public final class ShortestFloat {

  /** Significand bits, the hidden one included. */
  private static final int P = 24;
  /** The exponent of a subnormal's unit and of the smallest normal's. */
  private static final int Q_MIN = -149;
  private static final int Q_MAX = 104;
  /** The hidden bit of a normal significand. */
  private static final int C_MIN = 1 << (P - 1);
  /**
   * Subnormals with a significand below this are scaled by ten once more first, so that the closest decimal of
   * two digits is the one found (the paper's c_tiny for floats: Float.MIN_VALUE is 1.4E-45, not 1.0E-45).
   */
  private static final int C_TINY = 8;

  /** floor(log10(2^q)) and floor(log10(3/4 * 2^q)), by q - Q_MIN. */
  private static final int[] FLOOR_LOG10_POW2 = new int[Q_MAX - Q_MIN + 1];
  private static final int[] FLOOR_LOG10_THREE_QUARTERS_POW2 = new int[Q_MAX - Q_MIN + 1];
  /** The smallest k used. */
  private static final int K_MIN;
  /** floor(log2(10^-k)), by k - K_MIN. */
  private static final int[] FLOOR_LOG2_POW10_NEG;
  /** floor(10^-k * 2^(62 - floor(log2(10^-k)))), in [2^62, 2^63), by k - K_MIN. */
  private static final long[] G;

  static {
    int kMin = Integer.MAX_VALUE;
    int kMax = Integer.MIN_VALUE;
    for (int q = Q_MIN; q <= Q_MAX; q++) {
      BigDecimal pow2 = q >= 0 ? new BigDecimal(BigInteger.ONE.shiftLeft(q))
          : new BigDecimal(BigInteger.valueOf(5).pow(-q), -q); // 2^-m = 5^m / 10^m, exactly
      FLOOR_LOG10_POW2[q - Q_MIN] = floorLog10(pow2);
      FLOOR_LOG10_THREE_QUARTERS_POW2[q - Q_MIN] = floorLog10(pow2.multiply(BigDecimal.valueOf(75, 2)));
      kMin = Math.min(kMin, FLOOR_LOG10_THREE_QUARTERS_POW2[q - Q_MIN]);
      kMax = Math.max(kMax, FLOOR_LOG10_POW2[q - Q_MIN]);
    }
    K_MIN = kMin;
    FLOOR_LOG2_POW10_NEG = new int[kMax - kMin + 1];
    G = new long[kMax - kMin + 1];
    for (int k = kMin; k <= kMax; k++) {
      BigInteger g;
      int floorLog2;
      if (k <= 0) {
        BigInteger pow10 = BigInteger.TEN.pow(-k);
        floorLog2 = pow10.bitLength() - 1;
        int shift = 62 - floorLog2;
        g = shift >= 0 ? pow10.shiftLeft(shift) : pow10.shiftRight(-shift);
      } else {
        BigInteger pow10 = BigInteger.TEN.pow(k); // never a power of two, so log2 of its inverse is not whole
        floorLog2 = -pow10.bitLength();
        g = BigInteger.ONE.shiftLeft(62 - floorLog2).divide(pow10);
      }
      FLOOR_LOG2_POW10_NEG[k - kMin] = floorLog2;
      G[k - kMin] = g.longValueExact();
    }
  }

  private ShortestFloat() {}

  /** floor(log10(x)) of a positive x. */
  private static int floorLog10(BigDecimal x) {
    return x.precision() - x.scale() - 1;
  }

  /** The text of {@code value}; equal to Float.toString's on Java 19 and later. */
  public static String toString(float value) {
    return append(new StringBuilder(16), value).toString();
  }

  /** Appends the text of {@code value} to {@code to}; returns {@code to}. */
  public static StringBuilder append(StringBuilder to, float value) {
    int bits = Float.floatToRawIntBits(value);
    int t = bits & (C_MIN - 1);
    int bq = (bits >>> (P - 1)) & 0xFF;
    if (bq == 0xFF) {
      return to.append(t != 0 ? "NaN" : bits > 0 ? "Infinity" : "-Infinity");
    }
    if (bits < 0) {
      to.append('-');
    }
    if (bq != 0) {
      int q = bq + Q_MIN - 1;
      int c = C_MIN | t;
      // A whole number below 2^24 is its own shortest decimal (the paper's fast path).
      if (q < 0 && q > -P) {
        int f = c >> -q;
        if (f << -q == c) {
          return appendDecimal(to, f, 0);
        }
      }
      return appendShortest(to, q, c, 0);
    }
    if (t == 0) {
      return to.append("0.0");
    }
    return t < C_TINY ? appendShortest(to, Q_MIN, 10 * t, -1) : appendShortest(to, Q_MIN, t, 0);
  }

  /** The shortest decimal of c * 2^q * 10^dk (dk is -1 for tiny subnormals, whose c came in times ten). */
  private static StringBuilder appendShortest(StringBuilder to, int q, int c, int dk) {
    int out = c & 1; // an odd significand's interval excludes its ends: they read back as the even neighbours
    long cb = (long) c << 2;
    long cbr = cb + 2;
    long cbl;
    int k;
    if (c != C_MIN || q == Q_MIN) {
      cbl = cb - 2;
      k = FLOOR_LOG10_POW2[q - Q_MIN];
    } else {
      // A power of two: the gap below it is half the gap above.
      cbl = cb - 1;
      k = FLOOR_LOG10_THREE_QUARTERS_POW2[q - Q_MIN];
    }
    // 4 * (c * 2^q / 10^k) and the interval's ends, rounded to odd, with 31 fraction bits kept in the product.
    int h = q + FLOOR_LOG2_POW10_NEG[k - K_MIN] + 33;
    long g = G[k - K_MIN] + 1;
    int vb = roundToOdd(g, cb << h);
    int vbl = roundToOdd(g, cbl << h);
    int vbr = roundToOdd(g, cbr << h);

    int s = vb >> 2;
    if (s >= 100) {
      // One digit fewer, when exactly one of the two neighbouring multiples of ten lies in the interval.
      int sp10 = 10 * (s / 10);
      int tp10 = sp10 + 10;
      boolean lowerIn = vbl + out <= sp10 << 2;
      boolean upperIn = (tp10 << 2) + out <= vbr;
      if (lowerIn != upperIn) {
        return appendDecimal(to, lowerIn ? sp10 : tp10, k);
      }
    }
    int u = s + 1;
    boolean lowerIn = vbl + out <= s << 2;
    boolean upperIn = (u << 2) + out <= vbr;
    if (lowerIn != upperIn) {
      return appendDecimal(to, lowerIn ? s : u, k + dk);
    }
    // Both (or, by the paper, never neither): the closer one, ties to even.
    int cmp = vb - ((s + u) << 1);
    return appendDecimal(to, cmp < 0 || cmp == 0 && (s & 1) == 0 ? s : u, k + dk);
  }

  /** floor(g * cp / 2^95), its last bit set when anything below was cut off. */
  private static int roundToOdd(long g, long cp) {
    long product = Math.multiplyHigh(g, cp);
    return (int) ((product >>> 31) | ((product & 0x7FFF_FFFFL) != 0 ? 1 : 0));
  }

  /** Appends f * 10^e (f > 0) in Java's notation: plain from 10^-3 up to 10^7, else d.dddEn. */
  private static StringBuilder appendDecimal(StringBuilder to, int f, int e) {
    while (f % 10 == 0) {
      f /= 10;
      e++;
    }
    int n = decimalLength(f);
    int exponent = e + n - 1;
    // The text is put together in one array and appended at once: appending char by char cost more than
    // finding the digits (ShortestFloatCheck's timing).
    char[] text = new char[n + 8];
    int length;
    if (exponent >= 0 && exponent < 7) {
      int whole = exponent + 1;
      if (n <= whole) {
        writeDigits(f, text, n);
        Arrays.fill(text, n, whole, '0');
        text[whole] = '.';
        text[whole + 1] = '0';
        length = whole + 2;
      } else {
        writeDigits(f, text, n + 1);
        System.arraycopy(text, 1, text, 0, whole);
        text[whole] = '.';
        length = n + 1;
      }
    } else if (exponent < 0 && exponent >= -3) {
      int zeros = -exponent - 1;
      text[0] = '0';
      text[1] = '.';
      Arrays.fill(text, 2, 2 + zeros, '0');
      length = 2 + zeros + n;
      writeDigits(f, text, length);
    } else {
      writeDigits(f, text, n + 1);
      text[0] = text[1];
      text[1] = '.';
      length = n + 1;
      if (n == 1) {
        text[length++] = '0';
      }
      text[length++] = 'E';
      int abs = Math.abs(exponent);
      if (exponent < 0) {
        text[length++] = '-';
      }
      if (abs >= 10) {
        text[length++] = (char) ('0' + abs / 10);
      }
      text[length++] = (char) ('0' + abs % 10);
    }
    return to.append(text, 0, length);
  }

  /** Writes the digits of f so that its last digit lands at {@code text[end - 1]}. */
  private static void writeDigits(int f, char[] text, int end) {
    int at = end;
    while (f >= 10) {
      int r = f % 100;
      f /= 100;
      text[--at] = (char) ('0' + r % 10);
      text[--at] = (char) ('0' + r / 10);
    }
    if (f > 0) {
      text[--at] = (char) ('0' + f);
    }
  }

  private static int decimalLength(int f) {
    int n = 1;
    for (int p = 10; n < 10 && f >= p; p *= 10) {
      n++;
    }
    return n;
  }
}
