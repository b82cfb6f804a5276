package io.seqbind.core.io;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * bench/README.md's check of {@link ShortestFloat}: run on Java 19 or later, it compares every float's text (all
 * 2^32 bit patterns, or the first N when given) with that JVM's Float.toString, then times both on ten million
 * scores appended to a StringBuilder. Usage: {@code java -cp core/target/classes:core/target/test-classes
 * io.seqbind.core.io.ShortestFloatCheck [N]}.
 */
public final class ShortestFloatCheck {

  public static void main(String[] args) {
    long patterns = args.length > 0 ? Long.parseLong(args[0]) : 1L << 32;
    int threads = Runtime.getRuntime().availableProcessors();
    AtomicLong mismatches = new AtomicLong();
    long start = System.nanoTime();
    IntStream.range(0, threads).parallel().forEach(part -> {
      StringBuilder ours = new StringBuilder();
      for (long bits = part; bits < patterns; bits += threads) {
        float f = Float.intBitsToFloat((int) bits);
        ours.setLength(0);
        ShortestFloat.append(ours, f);
        String java = Float.toString(f);
        if (!java.contentEquals(ours) && mismatches.incrementAndGet() <= 10) {
          System.out.printf("mismatch: bits %08x java %s ours %s%n", bits, java, ours);
        }
      }
    });
    System.out.printf("shortest-float: %d patterns on %s in %.0f s, %d mismatches with Float.toString%n", patterns,
        Runtime.version(), (System.nanoTime() - start) / 1e9, mismatches.get());

    float[] scores = new float[10_000_000];
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < scores.length; i++) {
      scores[i] = (float) (random.nextGaussian() * 2);
    }
    for (int round = 1; round <= 3; round++) {
      long java = time(scores, false);
      long ours = time(scores, true);
      System.out.printf("shortest-float: round %d: %d ns a score with Float.toString, %d with ShortestFloat (%.2fx)%n",
          round, java / scores.length, ours / scores.length, (double) java / ours);
    }
  }

  private static long time(float[] scores, boolean ours) {
    StringBuilder out = new StringBuilder(1 << 20);
    long start = System.nanoTime();
    long chars = 0;
    for (float f : scores) {
      if (ours) {
        ShortestFloat.append(out, f);
      } else {
        out.append(f);
      }
      if (out.length() > 1 << 19) {
        chars += out.length();
        out.setLength(0);
      }
    }
    long elapsed = System.nanoTime() - start;
    if (chars < 0) {
      System.out.println(chars);
    }
    return elapsed;
  }
}
