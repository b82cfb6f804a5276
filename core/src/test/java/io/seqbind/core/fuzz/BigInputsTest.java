package io.seqbind.core.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Inputs of a few MB through every core fuzz target (fuzzing itself keeps inputs to tens of KB): a line with
 * no end, random bytes, a table of very wide rows, many tiny records. Each target's checks apply: only the
 * documented exceptions, no echo of the input, and an allocation bounded by a multiple of the input's size.
 */
class BigInputsTest {

  private static final int SIZE = 4 << 20;

  static List<byte[]> inputs() {
    byte[] noNewline = new byte[SIZE];
    Arrays.fill(noNewline, (byte) 'A');
    noNewline[0] = '>';
    byte[] random = new byte[SIZE];
    new Random(17).nextBytes(random);
    StringBuilder wide = new StringBuilder("id\tA\n");
    while (wide.length() < SIZE) {
      wide.append("x".repeat(1000)).append('\t').append("1\t".repeat(500)).append('\n');
    }
    StringBuilder many = new StringBuilder();
    for (int i = 0; many.length() < SIZE; i++) {
      many.append(">s").append(i).append("\nAC\n");
    }
    return List.of(noNewline, random, wide.toString().getBytes(StandardCharsets.UTF_8),
        many.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void each(Consumer<byte[]> target) {
    each(target, 0);
  }

  /** Each input as it is, then behind each of {@code modes} mode bytes (the targets that read one first). */
  private static void each(Consumer<byte[]> target, int modes) {
    for (byte[] input : inputs()) {
      target.accept(input);
      byte[] shifted = new byte[input.length + 1];
      System.arraycopy(input, 0, shifted, 1, input.length);
      for (int head = 0; head < modes; head++) {
        shifted[0] = (byte) head;
        target.accept(shifted);
      }
    }
  }

  @Test
  void fasta() {
    each(new FastaFuzzTest()::fasta);
  }

  @Test
  void seqTable() {
    each(new SeqTableFuzzTest()::seqTable);
  }

  @Test
  void labels() {
    each(new LabelsFuzzTest()::labels, 4);
  }

  @Test
  void peaks() {
    each(new PeaksFuzzTest()::peaks, 2);
  }

  @Test
  void manifestSpecOnnx() {
    each(new ManifestFuzzTest()::manifest);
    each(new SpecFuzzTest()::spec);
    each(new OnnxInitializersFuzzTest()::onnx);
  }
}
