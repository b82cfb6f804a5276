package io.seqbind.core.simulate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Hand-worked two-position motif: column 0 = {A .5, C .25, G .125, T .125}, column 1 = T only. */
class PwmTest {

  private static final double EPS = 1e-12;
  private final Pwm pwm = Pwm.fromColumns("toy", new double[][] {{0.5, 0.25, 0.125, 0.125}, {0, 0, 0, 1}});

  @Test
  void logOddsAgainstUniformAndGcBackgrounds() {
    Background uniform = Background.uniform();
    assertEquals(1 + 2, pwm.logOdds("AT", uniform), EPS); // log2(.5/.25) + log2(1/.25)
    assertEquals(-1 + 2, pwm.logOdds("GT", uniform), EPS); // log2(.125/.25) + 2
    assertEquals(Double.NEGATIVE_INFINITY, pwm.logOdds("AA", uniform));
    assertEquals(3, pwm.maxLogOdds(uniform), EPS);
    // GC 0.25: A = T = .375, C = G = .125. "CT" = log2(.25/.125) + log2(1/.375).
    assertEquals(1 + Math.log(1 / 0.375) / Math.log(2), pwm.logOdds("CT", Background.ofGc(0.25)), EPS);
    // window inside a longer sequence; N is neutral; lower case and U read as bases
    assertEquals(3, pwm.logOdds("GGATCC", 2, uniform), EPS);
    assertEquals(2, pwm.logOdds("NT", uniform), EPS);
    assertEquals(3, pwm.logOdds("au", uniform), EPS);
  }

  @Test
  void reverseComplementSwapsAndReverses() {
    Pwm rc = pwm.reverseComplement();
    assertArrayEquals(new double[] {1, 0.125}, rc.toRows()[0], EPS); // A row
    assertArrayEquals(new double[] {0, 0.125}, rc.toRows()[1], EPS); // C row
    assertArrayEquals(new double[] {0, 0.25}, rc.toRows()[2], EPS); // G row
    assertArrayEquals(new double[] {0, 0.5}, rc.toRows()[3], EPS); // T row
    assertEquals("AT", rc.consensus());
    // scoring the reverse complement of a window with rc equals scoring the window with the motif
    assertEquals(pwm.logOdds("GT", Background.uniform()), rc.logOdds("AC", Background.uniform()), EPS);
    assertArrayEquals(pwm.toRows()[1], rc.reverseComplement().toRows()[1], EPS);
  }

  @Test
  void informationContentAndConsensus() {
    assertEquals(0.25, pwm.informationContent(0), EPS); // 2 - (0.5*1 + 0.25*2 + 2*0.125*3)
    assertEquals(2, pwm.informationContent(1), EPS);
    assertEquals(2.25, pwm.informationContent(), EPS);
    assertEquals(1, pwm.mostInformativePosition());
    assertEquals("AT", pwm.consensus());
    assertEquals(2, pwm.leastLikelyBase(0)); // G and T tie at .125, first wins
  }

  @Test
  void bestHitFindsEitherStrand() {
    Pwm.Hit plus = pwm.bestHit("CCCATCC", Background.uniform());
    assertEquals(new Pwm.Hit(3, Strand.PLUS, 3), plus);
    Pwm.Hit minus = pwm.bestHit("GGGGAC", Background.uniform()); // AC is the reverse complement of GT
    assertEquals(4, minus.start());
    assertEquals(Strand.MINUS, minus.strand());
    assertEquals(1, minus.score(), EPS);
  }

  @Test
  void samplingFollowsTheColumnFrequencies() {
    Random rng = new Random(7);
    int n = 40_000;
    int[] first = new int[4];
    for (int i = 0; i < n; i++) {
      String site = pwm.sample(rng);
      assertEquals('T', site.charAt(1));
      first[Bases.index(site.charAt(0))]++;
    }
    double[] expected = {0.5, 0.25, 0.125, 0.125};
    for (int b = 0; b < 4; b++) {
      assertEquals(expected[b], first[b] / (double) n, 0.01, "base " + Bases.letter(b));
    }
  }

  @Test
  void matrixLayoutsAgreeAndBadInputIsRefused() {
    Pwm fromRows = Pwm.of("toy", pwm.toRows());
    assertEquals(pwm.consensus(), fromRows.consensus());
    Pwm fromCounts = Pwm.fromCounts("c", new double[][] {{3}, {1}, {0}, {0}}, 0);
    assertEquals(0.75, fromCounts.probability(0, 0), EPS);
    assertThrows(IllegalArgumentException.class, () -> Pwm.fromColumns("bad", new double[][] {{0.5, 0.5, 0.5, 0}}));
    assertThrows(IllegalArgumentException.class, () -> Pwm.of("bad", new double[][] {{1}, {0}, {0}}));
    assertThrows(IllegalArgumentException.class, () -> pwm.logOdds("A", Background.uniform()));
  }
}
