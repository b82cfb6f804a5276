package io.seqbind.core.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class KnownMotifsTest {

  @Test
  void consensusMatchesTheFactorsKnownSites() {
    assertEquals("TGGCCACCAGGGGGCGCTA", KnownMotifs.get("CTCF").consensus());
    assertTrue(KnownMotifs.get("GATA1").consensus().contains("GATAA"));
    assertTrue(KnownMotifs.get("TAL1").consensus().contains("CAGCTG"));
    assertTrue(KnownMotifs.get("FOXA1").consensus().contains("TGTTTAC"));
    assertTrue(KnownMotifs.get("ELK1").consensus().contains("CCGGAAGT"));
    assertEquals(19, KnownMotifs.get("CTCF").width());
  }

  @Test
  void everyMotifCarriesUsableInformation() {
    for (Pwm pwm : KnownMotifs.all()) {
      double ic = pwm.informationContent();
      assertTrue(ic > 6 && ic < 2 * pwm.width(), pwm + " has " + ic + " bits");
      assertTrue(pwm.informationContent(pwm.mostInformativePosition()) > 1.3, pwm.name());
    }
  }

  @Test
  void lookupIsCaseInsensitiveAndErrorListsNames() {
    assertSame(KnownMotifs.get("CTCF"), KnownMotifs.get(" ctcf "));
    assertEquals(List.of("CTCF", "GATA1", "TAL1", "FOXA1", "ELK1"), KnownMotifs.names());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KnownMotifs.get("P53"));
    assertEquals("unknown motif 'P53'; known motifs: CTCF, GATA1, TAL1, FOXA1, ELK1", e.getMessage());
  }
}
