package io.seqbind.variant.mutmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seqbind.proto.v1.MutationMap;
import io.seqbind.proto.v1.StrandMode;
import io.seqbind.variant.render.MutationMapSvg;
import io.seqbind.variant.scoring.ScoringModel;
import io.seqbind.variant.scoring.WindowScorer;
import io.seqbind.variant.testing.Fixture;
import io.seqbind.variant.testing.PwmScorer;
import io.seqbind.variant.testing.SvgDocs;
import io.seqbind.variant.testing.TestGenome;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class MutationMapperTest {

  @TempDir
  Path dir;
  Fixture fx;
  MutationMapper mapper;
  ScoringModel model;

  @BeforeEach
  void setUp() throws Exception {
    fx = new Fixture(dir);
    mapper = new MutationMapper(new WindowScorer(fx.stub()));
    model = ScoringModel.anyLength(fx.regInfo);
  }

  @AfterEach
  void tearDown() throws Exception {
    fx.close();
  }

  @Test
  void everySubstitutionIsScoredInOneBatchAgainstTheWildType() {
    String wt = TestGenome.random(42, 25);
    int before = fx.scorer.requests.get();
    List<MutationMap> maps = mapper.map(model, wt, List.of(), StrandMode.STRAND_MODE_BOTH);
    assertEquals(1, fx.scorer.requests.get() - before);
    assertEquals(3 * 25 + 1, fx.scorer.largestBatch.get());
    assertEquals(2, maps.size());
    MutationMap m = maps.get(0);
    assertEquals("pwm", m.getTask());
    assertEquals(fx.pwmScore(wt), m.getWildTypeScore(), 1e-5);
    for (int j = 0; j < 25; j++) {
      float worst = 0;
      for (int b = 0; b < 4; b++) {
        char base = "ACGT".charAt(b);
        String mut = wt.substring(0, j) + base + wt.substring(j + 1);
        float expected = base == wt.charAt(j) ? 0 : fx.pwmScore(mut) - fx.pwmScore(wt);
        assertEquals(expected, m.getDeltas(b * 25 + j), 1e-5, "delta " + base + " at " + j);
        float fwd = base == wt.charAt(j) ? 0
            : (float) (PwmScorer.bestLogOdds(fx.pwm, mut) - PwmScorer.bestLogOdds(fx.pwm, wt));
        assertEquals(fwd, m.getForwardDeltas(b * 25 + j), 1e-5);
        worst = Math.max(worst, fx.pwmScore(wt) - fx.pwmScore(mut));
      }
      assertEquals(worst, m.getImportance(j), 1e-5, "importance at " + j);
    }
    assertTrue(m.getImportanceList().stream().anyMatch(v -> v > 0));
    // Task 1 counts G's on both strands (mean): G -> x loses 0.5, x -> G gains 0.5, C likewise.
    MutationMap g = maps.get(1);
    int j = wt.indexOf('A');
    assertEquals(0.5f, g.getDeltas(2 * 25 + j), 1e-6);
    assertEquals(0.0f, g.getDeltas(3 * 25 + j), 1e-6);
  }

  @Test
  void anAmbiguousWildTypeBaseHasAllFourSubstitutionsScored() {
    String wt = "ACGTNACGTTGCA";
    int before = fx.scorer.sequencesScored.get();
    MutationMap m = mapper.map(model, wt, List.of(0), StrandMode.STRAND_MODE_MODEL).get(0);
    assertEquals(3 * 13 + 1 + 1, fx.scorer.sequencesScored.get() - before);
    assertEquals(0, m.getForwardDeltasCount());
    for (int b = 0; b < 4; b++) {
      String mut = "ACGT" + "ACGT".charAt(b) + "ACGTTGCA";
      assertEquals(fx.pwmScore(mut) - fx.pwmScore(wt), m.getDeltas(b * 13 + 4), 1e-5);
    }
  }

  @Test
  void badSequencesAreRefusedWithWhatWasExpected() {
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> mapper.map(model, "ACGTXACGT", List.of(), StrandMode.STRAND_MODE_MODEL));
    assertEquals("sequence position 5 holds 'X', expected A, C, G, T/U, N or an IUPAC code", bad.getMessage());
    IllegalArgumentException shorter = assertThrows(IllegalArgumentException.class,
        () -> mapper.map(model, "ACGT", List.of(), StrandMode.STRAND_MODE_MODEL));
    assertTrue(shorter.getMessage().contains("shorter than model reg_1's min_length 6"), shorter.getMessage());
  }

  @Test
  void svgJsonAndTsvDescribeTheSameMap() throws Exception {
    String wt = TestGenome.random(7, 30);
    MutationMap m = mapper.map(model, wt, List.of(0), StrandMode.STRAND_MODE_MODEL).get(0);
    String svg = MutationMapSvg.render(wt, m, List.of(new MutationMapSvg.Marker(4, "rs1 <A>C"),
        new MutationMapSvg.Marker(99, "outside")));
    Document doc = SvgDocs.parse(svg);
    assertEquals(30, SvgDocs.count(doc, "text", "letter"));
    assertEquals(4 * 30, SvgDocs.count(doc, "rect", "cell"));
    assertEquals(1, SvgDocs.count(doc, "rect", "marker"));
    assertTrue(SvgDocs.count(doc, "rect", "scale-step") > 2);

    JsonNode json = new ObjectMapper().readTree(MutationMapFormats.json(fx.regInfo.getId(), wt, List.of(m)));
    assertEquals(wt, json.get("sequence").asText());
    assertEquals(120, json.get("maps").get(0).get("deltas").size());
    assertEquals(m.getDeltas(37), json.get("maps").get(0).get("deltas").get(37).floatValue(), 1e-6);

    String[] lines = MutationMapFormats.tsv(wt, m).split("\n");
    assertEquals(2 + 30, lines.length);
    String[] row = lines[2 + 7].split("\t");
    assertEquals("8", row[0]);
    assertEquals(String.valueOf(wt.charAt(7)), row[1]);
    assertEquals(m.getDeltas(2 * 30 + 7), Float.parseFloat(row[4]), 1e-6);
    assertEquals(m.getImportance(7), Float.parseFloat(row[6]), 1e-6);
  }
}
