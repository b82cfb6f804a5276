package io.seqbind.variant.effects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.seqbind.core.io.ReferenceGenome;
import io.seqbind.variant.testing.TestGenome;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bases read through the blocks equal slices of the genome's strings, in any order, across block ends. */
class ReferenceBlocksTest {

  @Test
  void fetchesEqualTheGenomeStringsAcrossBlocksAndContigs(@TempDir Path dir) throws Exception {
    Map<String, String> contigs = new LinkedHashMap<>();
    // Longer than two blocks, and lower case in part (fetch upper-cases, as ReferenceGenome does).
    contigs.put("long", TestGenome.random(1, 2 * ReferenceBlocks.BLOCK + 777)
        + TestGenome.random(2, 500).toLowerCase(Locale.ROOT));
    contigs.put("short", TestGenome.random(3, 90));
    TestGenome g = new TestGenome(dir, contigs);
    try (ReferenceGenome genome = ReferenceGenome.open(g.fasta)) {
      ReferenceBlocks blocks = new ReferenceBlocks(genome);
      Random rng = new Random(7);
      long position = 0;
      for (int i = 0; i < 3000; i++) {
        String contig = rng.nextInt(10) == 0 ? "short" : "long";
        int length = contigs.get(contig).length();
        // Mostly forward steps, as a sorted VCF; sometimes a jump back or to the other contig.
        int start = contig.equals("short") ? rng.nextInt(length)
            : (int) (rng.nextInt(8) == 0 ? rng.nextInt(length) : (position += rng.nextInt(200)) % length);
        int end = Math.min(length, start + 1 + rng.nextInt(rng.nextInt(20) == 0 ? 70_000 : 120));
        assertEquals(contigs.get(contig).substring(start, end).toUpperCase(Locale.ROOT),
            blocks.fetch(contig, start, end), contig + ":" + start + "-" + end);
      }
      assertEquals(contigs.get("long").length(), blocks.contigLength("long"));
      assertEquals(-1, blocks.contigLength("none"));
    }
  }

  @Test
  void badRangesFailWithTheGenomesMessage(@TempDir Path dir) throws Exception {
    TestGenome g = new TestGenome(dir, Map.of("c", TestGenome.random(4, 100)));
    try (ReferenceGenome genome = ReferenceGenome.open(g.fasta)) {
      ReferenceBlocks blocks = new ReferenceBlocks(genome);
      blocks.fetch("c", 10, 20); // a block is held: the checks still come first
      for (long[] range : new long[][] {{-1, 5}, {90, 101}, {15, 15}, {20, 10}}) {
        String expected = assertThrows(IllegalArgumentException.class,
            () -> genome.fetch("c", range[0], range[1])).getMessage();
        assertEquals(expected, assertThrows(IllegalArgumentException.class,
            () -> blocks.fetch("c", range[0], range[1])).getMessage());
      }
      assertEquals(assertThrows(IllegalArgumentException.class, () -> genome.fetch("x", 0, 1)).getMessage(),
          assertThrows(IllegalArgumentException.class, () -> blocks.fetch("x", 0, 1)).getMessage());
    }
  }
}
