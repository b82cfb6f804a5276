package io.seqbind.core.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class GenomeSimulatorTest {

  @Test
  void backgroundRegionsAreSiteFreeAndHaveTheRequestedGc() {
    SimulationConfig config = SimulationConfig.defaults().withGc(0.35).withCount(150);
    SyntheticGenome genome = new GenomeSimulator(config).simulate();
    assertEquals(150, genome.backgroundRegions().size());
    StringBuilder background = new StringBuilder();
    for (GenomicInterval region : genome.backgroundRegions()) {
      for (GenomicSite site : genome.sites()) {
        boolean overlaps = site.contig().equals(region.contig()) && site.start() < region.end()
            && region.start() < site.end();
        assertTrue(!overlaps, "site " + site + " inside background " + region);
      }
      background.append(genome.bases(region));
    }
    assertEquals(150 * 404, background.length());
    assertEquals(0.35, Background.gcFraction(background), 0.01);
  }

  @Test
  void everySiteIsInItsPeaksSummitWindowAndReadsBackFromTheContig() {
    SimulationConfig config = SimulationConfig.defaults().withMotifs(List.of("GATA1", "TAL1", "FOXA1"))
        .withCount(30).withMaxSitesPerPeak(3);
    SyntheticGenome genome = new GenomeSimulator(config).simulate();
    assertEquals(30, genome.peaks().size());
    for (int i = 0; i < genome.peaks().size(); i++) {
      Peak peak = genome.peaks().get(i);
      assertEquals(List.of("GATA1", "TAL1", "FOXA1").get(i % 3), peak.motif(), "motifs taken in turn");
      GenomicInterval window = peak.summitWindow(101);
      List<GenomicSite> cluster = genome.sitesOf(peak.name());
      assertTrue(cluster.size() >= 1 && cluster.size() <= 3, peak.name() + ": " + cluster.size());
      for (GenomicSite site : cluster) {
        assertEquals(peak.motif(), site.motif());
        assertTrue(site.start() >= window.start() && site.end() <= window.end(), site + " outside " + window);
        assertEquals(site.bases(), genome.contig(site.contig()).sequence().substring(site.start(), site.end()));
      }
    }
  }

  @Test
  void tinyCountsStillMakeAValidGenome() {
    SyntheticGenome one = new GenomeSimulator(SimulationConfig.defaults().withCount(1)).simulate();
    assertEquals(2, one.contigs().size());
    assertEquals(1, one.peaks().size());
    assertEquals(1, one.backgroundRegions().size());
    SyntheticGenome two = new GenomeSimulator(SimulationConfig.defaults().withCount(2)).simulate();
    assertEquals(3, two.contigs().size());
  }

  @Test
  void configErrorsNameTheOptionAndTheFix() {
    IllegalArgumentException motif = assertThrows(IllegalArgumentException.class,
        () -> SimulationConfig.defaults().withMotifs(List.of("CTCF", "NRF1")));
    assertTrue(motif.getMessage().contains("unknown motif 'NRF1'; known motifs: CTCF, GATA1"), motif.getMessage());
    IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
        () -> SimulationConfig.defaults().withLength(40));
    assertTrue(length.getMessage().startsWith("--length 40 is too short"), length.getMessage());
    assertThrows(IllegalArgumentException.class, () -> SimulationConfig.defaults().withGc(0));
    assertThrows(IllegalArgumentException.class, () -> SimulationConfig.defaults().withCount(0));
    assertEquals(List.of("CTCF", "GATA1"), SimulationConfig.defaults().withMotifs(List.of("ctcf", "Gata1", "CTCF")).motifs());
  }
}
