package io.seqbind.core.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqbind.core.seq.LabeledSequence;
import java.util.List;
import org.junit.jupiter.api.Test;

class SequenceSimulatorTest {

  private static final Pwm CTCF = KnownMotifs.get("CTCF");

  @Test
  void singleTaskPlantsRealSitesInPositivesOnly() {
    SequenceSetConfig config = SequenceSetConfig.of(List.of(CTCF)).withCount(400).withMaxSitesPerPositive(3);
    SimulatedSet set = new SequenceSimulator(config).simulate(11);
    double threshold = 0.5 * CTCF.maxLogOdds(Background.uniform());

    assertEquals(List.of("CTCF"), set.taskNames());
    assertEquals(400, set.sequences().size());
    assertEquals(200, set.sequences().stream().filter(r -> r.label(0) == 1).count());
    assertEquals(200, set.sequences().stream().filter(r -> r.label(0) == 0).count());
    int[] sitesPerPositive = new int[4];
    for (int i = 0; i < set.sequences().size(); i++) {
      LabeledSequence record = set.sequences().get(i);
      assertEquals(101, record.sequence().length());
      List<PlantedSite> sites = set.sitesOf(i);
      if (record.label(0) == 0) {
        assertEquals(List.of(), sites, "negative " + i);
        continue;
      }
      assertTrue(sites.size() >= 1 && sites.size() <= 3, "positive " + i + " has " + sites.size());
      sitesPerPositive[sites.size()]++;
      int previousEnd = 0;
      for (PlantedSite site : sites) {
        assertTrue(site.start() >= previousEnd, "sites overlap in " + i);
        previousEnd = site.end();
        String window = record.sequence().substring(site.start(), site.end());
        assertEquals(site.bases(), window);
        Pwm oriented = site.strand() == Strand.PLUS ? CTCF : CTCF.reverseComplement();
        double score = oriented.logOdds(window, Background.uniform());
        assertTrue(score >= threshold, "site in " + i + " scores " + score);
        assertEquals(score, CTCF.logOdds(site.motifOrientedBases(), Background.uniform()), 1e-9);
      }
    }
    for (int k = 1; k <= 3; k++) { // 1..3 sites uniformly: about 67 each of 200
      assertTrue(sitesPerPositive[k] > 40, k + " sites: " + sitesPerPositive[k]);
    }
    long minus = set.sites().stream().filter(s -> s.strand() == Strand.MINUS).count();
    assertTrue(minus > set.sites().size() / 3 && minus < 2 * set.sites().size() / 3, "minus strand " + minus);
  }

  @Test
  void positivesOutscoreNegativesInAMotifScan() {
    SimulatedSet set = new SequenceSimulator(SequenceSetConfig.of(List.of(CTCF)).withCount(200)).simulate(3);
    double pos = 0;
    double neg = 0;
    for (LabeledSequence r : set.sequences()) {
      double best = CTCF.bestHit(r.sequence(), Background.uniform()).score();
      if (r.label(0) == 1) {
        pos += best / 100;
      } else {
        neg += best / 100;
      }
    }
    assertTrue(pos > neg + 8, "mean best hit: positives " + pos + ", negatives " + neg);
  }

  @Test
  void multiTaskLabelsEachTaskExactly() {
    List<Pwm> motifs = KnownMotifs.get(List.of("CTCF", "GATA1", "TAL1"));
    SequenceSetConfig config = SequenceSetConfig.of(motifs).withCount(300).withPositiveFraction(0.3);
    SimulatedSet set = new SequenceSimulator(config).simulate(5);
    assertEquals(List.of("CTCF", "GATA1", "TAL1"), set.taskNames());
    int multi = 0;
    for (int t = 0; t < 3; t++) {
      int task = t;
      assertEquals(90, set.sequences().stream().filter(r -> r.label(task) == 1).count());
    }
    for (int i = 0; i < 300; i++) {
      LabeledSequence r = set.sequences().get(i);
      assertEquals(3, r.taskCount());
      int positives = 0;
      for (int t = 0; t < 3; t++) {
        int task = t;
        long sitesOfTask = set.sitesOf(i).stream().filter(s -> s.task() == task).count();
        if (r.label(t) == 1) {
          positives++;
          assertEquals(1, sitesOfTask, "sequence " + i + " task " + t);
        } else {
          assertEquals(0, sitesOfTask, "sequence " + i + " task " + t);
        }
      }
      for (PlantedSite s : set.sitesOf(i)) {
        assertEquals(motifs.get(s.task()).name(), s.motif());
        assertEquals(s.bases(), r.sequence().substring(s.start(), s.end()));
      }
      multi += positives > 1 ? 1 : 0;
    }
    assertTrue(multi > 20, "sequences with more than one motif: " + multi);
  }

  @Test
  void backgroundGcIsWithinToleranceOfTheRequestedFraction() {
    for (double gc : new double[] {0.3, 0.5, 0.65}) {
      SequenceSetConfig config = SequenceSetConfig.of(List.of(CTCF)).withCount(200).withLength(500)
          .withPositiveFraction(0).withGc(gc);
      SimulatedSet set = new SequenceSimulator(config).simulate(17);
      String all = String.join("", set.sequences().stream().map(LabeledSequence::sequence).toList());
      assertEquals(100_000, all.length());
      assertEquals(gc, Background.gcFraction(all), 0.01, "requested GC " + gc); // sd is about 0.0015
    }
  }

  @Test
  void gcMatchedNegativesTakeThePositivesComposition() {
    SequenceSetConfig fixed = SequenceSetConfig.of(List.of(CTCF)).withCount(1000).withLength(60).withGc(0.35);
    SequenceSetConfig matched = fixed.withGcMatchedNegatives();
    double[] fixedGc = meanGcByLabel(new SequenceSimulator(fixed).simulate(9));
    double[] matchedGc = meanGcByLabel(new SequenceSimulator(matched).simulate(9));
    // CTCF sites are GC-rich: positives sit well above the 0.35 background
    assertTrue(fixedGc[1] > 0.40, "positive GC " + fixedGc[1]);
    assertEquals(0.35, fixedGc[0], 0.01);
    assertEquals(matchedGc[1], matchedGc[0], 0.01);
  }

  @Test
  void sameSeedSameSetDifferentSeedDifferentSet() {
    SequenceSetConfig config = SequenceSetConfig.of(KnownMotifs.get(List.of("GATA1", "ELK1"))).withCount(50)
        .withMaxSitesPerPositive(2);
    SimulatedSet a = new SequenceSimulator(config).simulate(42);
    assertEquals(a, new SequenceSimulator(config).simulate(42));
    assertNotEquals(a.sequences(), new SequenceSimulator(config).simulate(43).sequences());
  }

  @Test
  void configRefusesSitesThatCannotFit() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SequenceSetConfig.of(List.of(CTCF)).withLength(30).withMaxSitesPerPositive(2));
    assertTrue(e.getMessage().contains("cannot hold 2 site(s)"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> SequenceSetConfig.of(List.of(CTCF)).withGc(1.0));
    assertThrows(IllegalArgumentException.class, () -> SequenceSetConfig.of(List.of()));
  }

  private static double[] meanGcByLabel(SimulatedSet set) {
    double[] sum = new double[2];
    int[] n = new int[2];
    for (LabeledSequence r : set.sequences()) {
      int label = (int) r.label(0);
      sum[label] += Background.gcFraction(r.sequence());
      n[label]++;
    }
    return new double[] {sum[0] / n[0], sum[1] / n[1]};
  }
}
