package io.seqbind.variant.motifs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqbind.variant.render.LogoSvg;
import io.seqbind.variant.testing.SvgDocs;
import io.seqbind.variant.testing.TestGenome;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MotifExtractorTest {

  /** One "AC" detector: weight 1 for A at offset 0 and C at offset 1. */
  static FirstLayerFilters acDetector() {
    float[][][] w = new float[1][4][2];
    w[0][0][0] = 1;
    w[0][1][1] = 1;
    return new FirstLayerFilters(w, new float[] {0});
  }

  @Test
  void handWorkedSitesAndFrequencies() {
    // Activations: AACGT -> AA 1, AC 2, CG 0, GT 0; TACAC -> TA 0, AC 2, CA 0, AC 2. Max 2, cut 1.
    List<String> seqs = List.of("AACGT", "TACAC");
    Motif best = MotifExtractor.extract(acDetector(), seqs, 0.5, false, false, i -> { }).get(0);
    assertEquals(2, best.sites());
    assertEquals(2f, best.maxActivation());
    assertArrayEquals(new double[] {1, 0}, best.frequencies()[0], 1e-12);
    assertArrayEquals(new double[] {0, 1}, best.frequencies()[1], 1e-12);
    assertArrayEquals(new double[] {2, 2}, best.information(), 1e-12);

    Motif all = MotifExtractor.extract(acDetector(), seqs, 0.5, true, false, i -> { }).get(0);
    assertEquals(4, all.sites());
    assertArrayEquals(new double[] {1, 0.25}, all.frequencies()[0], 1e-12);
    assertArrayEquals(new double[] {0, 0.75}, all.frequencies()[1], 1e-12);
    assertEquals(1.188722, all.information()[1], 1e-6);

    // N counts 0.25 per base; threshold 1 keeps only windows at the maximum.
    Motif withN = MotifExtractor.extract(acDetector(), List.of("ACNC", "NCAC"), 1.0, true, false, i -> { }).get(0);
    assertEquals(2, withN.sites());  // AC in the first, AC at the end of the second (NC scores 1.25)
    assertArrayEquals(new double[] {1, 0}, withN.frequencies()[0], 1e-12);
  }

  @Test
  void aFilterEqualToAPwmsLogOddsRecoversThePlantedMotif() {
    // The planted motif's probabilities, rows A, C, G, T.
    double[][] p = {
        {0.05, 0.05, 0.85, 0.05, 0.05, 0.70, 0.10, 0.05},
        {0.05, 0.05, 0.05, 0.85, 0.05, 0.10, 0.80, 0.05},
        {0.05, 0.85, 0.05, 0.05, 0.85, 0.10, 0.05, 0.45},
        {0.85, 0.05, 0.05, 0.05, 0.05, 0.10, 0.05, 0.45}};
    int w = 8;
    float[][][] weights = new float[1][4][w];
    for (int b = 0; b < 4; b++) {
      for (int k = 0; k < w; k++) {
        weights[0][b][k] = (float) (Math.log(p[b][k] / 0.25) / Math.log(2));
      }
    }
    Random rng = new Random(5);
    List<String> seqs = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      StringBuilder s = new StringBuilder(TestGenome.random(100 + i, 60));
      if (i % 2 == 0) {
        int at = rng.nextInt(60 - w);
        for (int k = 0; k < w; k++) {
          s.setCharAt(at + k, sample(p, k, rng));
        }
      }
      seqs.add(s.toString());
    }
    int[] progress = {0};
    Motif m = MotifExtractor.extract(new FirstLayerFilters(weights, new float[] {0}), seqs, 0.5, false, true,
        i -> progress[0] = i).get(0);
    assertEquals(300, progress[0]);
    // Most of the 150 planted instances (sampled ones can be weak) and few random windows pass the cut.
    assertTrue(m.sites() >= 100 && m.sites() <= 200, "sites " + m.sites());
    for (int k = 0; k < w; k++) {
      double[] truth = {p[0][k], p[1][k], p[2][k], p[3][k]};
      double[] found = {m.frequencies()[0][k], m.frequencies()[1][k], m.frequencies()[2][k], m.frequencies()[3][k]};
      assertTrue(pearson(truth, found) > 0.9, "column " + k + " correlation " + pearson(truth, found));
    }
    assertTrue(m.totalInformation() > 6, "information " + m.totalInformation());
  }

  private static char sample(double[][] p, int k, Random rng) {
    double u = rng.nextDouble();
    for (int b = 0; b < 4; b++) {
      u -= p[b][k];
      if (u < 0) {
        return "ACGT".charAt(b);
      }
    }
    return 'T';
  }

  static double pearson(double[] x, double[] y) {
    double mx = 0;
    double my = 0;
    for (int i = 0; i < x.length; i++) {
      mx += x[i] / x.length;
      my += y[i] / y.length;
    }
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < x.length; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
      syy += (y[i] - my) * (y[i] - my);
    }
    return sxy / Math.sqrt(sxx * syy);
  }

  @Test
  void memeOutputParsesBackWithTheRightCounts() throws Exception {
    float[][][] w = new float[3][4][2];
    w[0][0][0] = 1;
    w[0][1][1] = 1;                // AC
    w[1][2][0] = 1;
    w[1][3][1] = 1;                // GT
    w[2][0][0] = -1;               // never positive: no sites
    FirstLayerFilters filters = new FirstLayerFilters(w, new float[] {0, 0, 0});
    List<Motif> motifs = MotifExtractor.extract(filters, List.of("AACGT", "TACAC", "GTGTA"), 0.5, true, false,
        i -> { });
    String meme = MemeFormat.write(motifs);
    List<MemeParser.Entry> parsed = MemeParser.parse(meme);
    assertEquals(2, parsed.size());
    assertEquals("filter_0", parsed.get(0).name());
    assertEquals("filter_1", parsed.get(1).name());
    for (int i = 0; i < 2; i++) {
      Motif m = motifs.get(i);
      MemeParser.Entry e = parsed.get(i);
      assertEquals(m.width(), e.width());
      assertEquals(m.sites(), e.sites());
      for (int j = 0; j < m.width(); j++) {
        double sum = 0;
        for (int b = 0; b < 4; b++) {
          assertEquals(m.frequencies()[b][j], e.probabilities()[j][b], 1e-6);
          sum += e.probabilities()[j][b];
        }
        assertEquals(1, sum, 1e-5);
      }
    }
    assertEquals(0, motifs.get(2).sites());
  }

  @Test
  void logoSvgHasOneLetterPerNonZeroFrequency() throws Exception {
    Motif m = MotifExtractor.extract(acDetector(), List.of("AACGT", "TACAC"), 0.5, true, false, i -> { }).get(0);
    // Column 0: A only; column 1: A and C.
    assertEquals(3, SvgDocs.count(SvgDocs.parse(LogoSvg.render(m)), "text", "letter"));
  }

  @Test
  void badFiltersAndThresholdsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new FirstLayerFilters(new float[1][3][2], new float[1]));
    assertThrows(IllegalArgumentException.class, () -> new FirstLayerFilters(new float[2][4][2], new float[1]));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MotifExtractor.extract(acDetector(), List.of("ACGT"), 1.5, false, false, i -> { }));
    assertEquals("threshold fraction 1.5, expected a value in (0, 1]", e.getMessage());
  }
}
