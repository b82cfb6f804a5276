package io.seqbind.variant.effects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.seqbind.core.io.ReferenceGenome;
import io.seqbind.variant.testing.TestGenome;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Windows written out by hand for a genome whose bases are easy to count. */
class VariantWindowsTest {

  //                                      1234567890123456789012345
  private static final String CHR = "ACGTTGCAAGGCCTTAAGGTCATGC";

  @Test
  void windowsAreCutByHand(@TempDir Path dir) throws Exception {
    TestGenome g = new TestGenome(dir, Map.of("c", CHR));
    try (ReferenceGenome genome = ReferenceGenome.open(g.fasta)) {
      // SNV at 10 (G), L = 5: two bases each side.
      Windows snv = VariantWindows.cut(genome, "c", 10, "G", 1, "T", 5).windows();
      assertEquals("AAGGC", snv.ref());
      assertEquals("AATGC", snv.alt());
      assertEquals(2, snv.refOffset());
      // Even L = 6: left flank (6 - 1) / 2 = 2, right flank 3.
      assertEquals("AAGGCC", VariantWindows.cut(genome, "c", 10, "G", 1, "A", 6).windows().ref());
      assertEquals("AAAGCC", VariantWindows.cut(genome, "c", 10, "G", 1, "A", 6).windows().alt());
      // MNV GG -> TA at 10-11, L = 6: left (6 - 2) / 2 = 2.
      Windows mnv = VariantWindows.cut(genome, "c", 10, "GG", 2, "TA", 6).windows();
      assertEquals("AAGGCC", mnv.ref());
      assertEquals("AATACC", mnv.alt());
      // Deletion GGCC -> G at 10, L = 7: left (7 - 4) / 2 = 1; alt takes 7 - 1 - 1 = 5 bases after REF.
      Windows del = VariantWindows.cut(genome, "c", 10, "GGCC", 4, "G", 7).windows();
      assertEquals("AGGCCTT", del.ref());
      assertEquals("AGTTAAG", del.alt());
      // Insertion G -> GAAA at 10, L = 7: left 3; alt has 7 - 3 - 4 = 0 bases after REF.
      Windows ins = VariantWindows.cut(genome, "c", 10, "G", 1, "GAAA", 7).windows();
      assertEquals("CAAGGCC", ins.ref());
      assertEquals("CAAGAAA", ins.alt());
    }
  }

  @Test
  void windowsOffTheContigAreRefused(@TempDir Path dir) throws Exception {
    TestGenome g = new TestGenome(dir, Map.of("c", CHR));
    try (ReferenceGenome genome = ReferenceGenome.open(g.fasta)) {
      VariantWindows.Cut left = VariantWindows.cut(genome, "c", 2, "C", 1, "A", 5);
      assertNull(left.windows());
      assertEquals(VariantWindows.WindowProblem.OFF_CONTIG, left.problem());
      assertEquals("the 5-base window c:0-4 runs off the contig (length 25)", left.message());
      // The ref window fits (21..25) but the deletion's alt window needs 3 more bases.
      assertEquals(VariantWindows.WindowProblem.OFF_CONTIG,
          VariantWindows.cut(genome, "c", 23, "TGC", 3, "T", 5).problem());
      assertEquals(VariantWindows.WindowProblem.ALLELE_TOO_LONG,
          VariantWindows.cut(genome, "c", 10, "G", 1, "GAAAAA", 5).problem());
      // G -> GAAA, L = 5: ALT (4) fits the window but not after the 2-base left flank; it used to end the whole
      // run with a StringIndexOutOfBoundsException (INTERNAL).
      VariantWindows.Cut wide = VariantWindows.cut(genome, "c", 10, "G", 1, "GAAA", 5);
      assertNull(wide.windows());
      assertEquals(VariantWindows.WindowProblem.ALLELE_TOO_LONG, wide.problem());
      assertEquals("ALT of 4 bases after the 2-base left flank does not fit in the 5-base window (at most 3 ALT "
          + "bases fit)", wide.message());
      // Exactly filling the window after the flank still cuts.
      assertEquals("AAGAA", VariantWindows.cut(genome, "c", 10, "G", 1, "GAA", 5).windows().alt());
      // At the very ends the window fits exactly.
      assertEquals("ACGTT", VariantWindows.cut(genome, "c", 3, "G", 1, "A", 5).windows().ref());
      assertEquals("CATGC", VariantWindows.cut(genome, "c", 23, "T", 1, "A", 5).windows().ref());
    }
  }
}
