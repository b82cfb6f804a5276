package io.seqbind.variant.effects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqbind.proto.v1.ErrorReason;
import io.seqbind.proto.v1.ModelInfo;
import io.seqbind.proto.v1.RefMismatchPolicy;
import io.seqbind.proto.v1.StrandMode;
import io.seqbind.proto.v1.TaskEffect;
import io.seqbind.proto.v1.VariantEffect;
import io.seqbind.proto.v1.VariantRecord;
import io.seqbind.variant.scoring.ScoringModel;
import io.seqbind.variant.scoring.WindowScorer;
import io.seqbind.variant.testing.Fixture;
import io.seqbind.variant.testing.PwmScorer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Effects through the engine equal the PWM scores of windows cut by hand from the genome string (not
 * through ReferenceGenome or VariantWindows).
 */
class EffectEngineTest {

  @AutoClose
  final Fixture fx;

  EffectEngineTest(@TempDir Path dir) throws IOException {
    fx = new Fixture(dir);
  }

  private static VariantInput input(long index, String chrom, long pos, String ref, String... alts) {
    return new VariantInput(index, VariantRecord.newBuilder().setChrom(chrom).setPos(pos).setId("v" + index)
        .setRef(ref).addAllAlt(List.of(alts)).build(), false, "record " + index, null);
  }

  private List<RecordResult> score(EffectOptions options, VariantInput... inputs) {
    return new EffectEngine(fx.windowScorer, fx.reference(), options).score(List.of(inputs));
  }

  private EffectOptions both(RefMismatchPolicy policy) {
    return new EffectOptions(List.of(fx.bind, fx.reg), StrandMode.STRAND_MODE_BOTH, policy, false);
  }

  private String chr1(int from, int to) {
    return fx.genome.slice("chr1", from, to);
  }

  @Test
  void snvMnvAndIndelDeltasEqualHandMadeWindows() {
    String c = fx.genome.contigs.get("chr1");
    // 1-based pos 100 is index 99.
    String snvAlt = c.charAt(99) == 'A' ? "C" : "A";
    String mnvRef = c.substring(149, 152);
    String delRef = c.substring(199, 204);
    List<RecordResult> out = score(both(RefMismatchPolicy.REF_MISMATCH_POLICY_ERROR),
        input(0, "chr1", 100, String.valueOf(c.charAt(99)), snvAlt),
        input(1, "chr1", 150, mnvRef, "TTT"),
        input(2, "chr1", 200, delRef, delRef.substring(0, 1)),
        input(3, "chr1", 250, c.substring(249, 250), c.charAt(249) + "GATTACA"));

    // bind: L = 21. SNV: 10 bases left, 10 right.
    String snvRefWin = chr1(89, 110);
    String snvAltWin = chr1(89, 99) + snvAlt + chr1(100, 110);
    // MNV of 3: left (21 - 3) / 2 = 9.
    String mnvRefWin = chr1(140, 161);
    String mnvAltWin = chr1(140, 149) + "TTT" + chr1(152, 161);
    // Deletion of 4 (REF 5 -> 1): left (21 - 5) / 2 = 8; alt = 8 left + 1 + 12 after REF.
    String delRefWin = chr1(191, 212);
    String delAltWin = chr1(191, 199) + delRef.charAt(0) + chr1(204, 216);
    // Insertion (REF 1 -> 8): left 10; alt = 10 left + 8 + 3 after REF.
    String insRefWin = chr1(239, 260);
    String insAltWin = chr1(239, 249) + c.charAt(249) + "GATTACA" + chr1(250, 253);
    String[][] windows = {{snvRefWin, snvAltWin}, {mnvRefWin, mnvAltWin}, {delRefWin, delAltWin},
        {insRefWin, insAltWin}};
    for (int i = 0; i < 4; i++) {
      VariantEffect e = out.get(i).alleles().get(0).effect();
      TaskEffect t = e.getModels(0).getTasks(0);
      float ref = fx.pwmScore(windows[i][0]);
      float alt = fx.pwmScore(windows[i][1]);
      assertEquals(21, windows[i][0].length());
      assertEquals(21, windows[i][1].length());
      assertEquals(ref, t.getRefScore(), 1e-5, "ref of variant " + i);
      assertEquals(alt, t.getAltScore(), 1e-5, "alt of variant " + i);
      assertEquals(alt - ref, t.getDelta(), 1e-5, "delta of variant " + i);
      assertEquals(alt - ref, t.getLogOddsRatio().getValue(), 1e-5);
      assertEquals(1 / (1 + Math.exp(-alt)) - 1 / (1 + Math.exp(-ref)), t.getProbabilityDelta().getValue(), 1e-5);
      assertEquals((float) PwmScorer.bestLogOdds(fx.pwm, windows[i][0]), t.getForward().getRefScore(), 1e-5);
      assertEquals((float) PwmScorer.bestLogOdds(fx.pwm, PwmScorer.revcomp(windows[i][1])),
          t.getReverse().getAltScore(), 1e-5);
    }
    // reg: L = 30, SNV left (30 - 1) / 2 = 14; regression: no log-odds; task 1 counts G's.
    TaskEffect reg0 = out.get(0).alleles().get(0).effect().getModels(1).getTasks(0);
    TaskEffect reg1 = out.get(0).alleles().get(0).effect().getModels(1).getTasks(1);
    String regRef = chr1(85, 115);
    String regAlt = chr1(85, 99) + snvAlt + chr1(100, 115);
    assertEquals(fx.pwmScore(regRef), reg0.getRefScore(), 1e-5);
    assertEquals(fx.pwmScore(regAlt), reg0.getAltScore(), 1e-5);
    assertFalse(reg0.hasLogOddsRatio());
    float gRef = (count(regRef, 'G') + count(regRef, 'C')) / 2f;
    float gAlt = (count(regAlt, 'G') + count(regAlt, 'C')) / 2f;
    assertEquals(gAlt - gRef, reg1.getDelta(), 1e-6);
    assertEquals("g_count", reg1.getTask());
  }

  private static int count(String s, char c) {
    return (int) s.chars().filter(x -> x == c).count();
  }

  @Test
  void multiAllelicRecordsAreSplitAndSymbolicAllelesSkipped() {
    String c = fx.genome.contigs.get("chr1");
    String ref = String.valueOf(c.charAt(119));
    List<String> alts = new ArrayList<>();
    for (char b : "ACGT".toCharArray()) {
      if (b != c.charAt(119)) {
        alts.add(String.valueOf(b));
      }
    }
    alts.add(1, "<DEL>");
    RecordResult r = score(EffectOptions.of(List.of(fx.bind)), input(5, "chr1", 120, ref,
        alts.toArray(String[]::new))).get(0);
    assertEquals(4, r.alleles().size());
    assertEquals(ErrorReason.ERROR_REASON_UNSUPPORTED_ALLELE, r.alleles().get(1).skipped().getError().getReason());
    assertEquals("<DEL>", r.alleles().get(1).skipped().getRecord().getAlt(0));
    assertTrue(r.alleles().get(1).skipped().getError().getMessage().startsWith("record 5: chr1:120 (v5): symbolic"));
    for (int a : new int[] {0, 2, 3}) {
      VariantEffect e = r.alleles().get(a).effect();
      assertEquals(a, e.getAltIndex());
      assertEquals(List.of(alts.get(a)), e.getRecord().getAltList());
      String altWin = chr1(109, 119) + alts.get(a) + chr1(120, 130);
      assertEquals(fx.pwmScore(altWin) - fx.pwmScore(chr1(109, 130)), e.getModels(0).getTasks(0).getDelta(), 1e-5);
    }
  }

  @Test
  void offContigUnknownContigAndFilteredRecordsAreSkippedWithReasons() {
    String c = fx.genome.contigs.get("chr1");
    VariantInput filtered = new VariantInput(3, VariantRecord.newBuilder().setChrom("chr1").setPos(100)
        .setRef(c.substring(99, 100)).addAlt("N").build(), true, "record 3", null);
    List<RecordResult> out = score(new EffectOptions(List.of(fx.bind, fx.reg), StrandMode.STRAND_MODE_MODEL,
            RefMismatchPolicy.REF_MISMATCH_POLICY_ERROR, true),
        input(0, "chr1", 12, c.substring(11, 12), "A"),   // bind (10 left) fits, reg (14 left) does not
        input(1, "chrX", 5, "A", "C"),
        input(2, "chr1", 300, c.substring(299), "A"),
        filtered);
    assertEquals(ErrorReason.ERROR_REASON_OUT_OF_RANGE, out.get(0).alleles().get(0).skipped().getError().getReason());
    assertEquals(fx.reg.id(), out.get(0).alleles().get(0).skipped().getError().getModelId());
    assertTrue(out.get(0).alleles().get(0).skipped().getError().getMessage().contains("runs off the contig"));
    assertEquals(ErrorReason.ERROR_REASON_UNKNOWN_CONTIG, out.get(1).alleles().get(0).skipped().getError().getReason());
    assertEquals(-1, out.get(1).alleles().get(0).altIndex());
    assertEquals(ErrorReason.ERROR_REASON_OUT_OF_RANGE, out.get(2).alleles().get(0).skipped().getError().getReason());
    assertEquals(ErrorReason.ERROR_REASON_FILTERED, out.get(3).alleles().get(0).skipped().getError().getReason());
  }

  @Test
  void windowsWithNAreScoredAsTheModelSeesThem() {
    // chr2 has N at 60..69 (0-based); an SNV at 1-based 75 has a window reaching into the N run.
    String c2 = fx.genome.contigs.get("chr2");
    String ref = String.valueOf(c2.charAt(74));
    String alt = ref.equals("A") ? "G" : "A";
    VariantEffect e = score(EffectOptions.of(List.of(fx.bind)), input(0, "chr2", 75, ref, alt)).get(0)
        .alleles().get(0).effect();
    String refWin = c2.substring(64, 85);
    assertTrue(refWin.contains("NNNNN"));
    String altWin = c2.substring(64, 74) + alt + c2.substring(75, 85);
    assertEquals(fx.pwmScore(refWin), e.getModels(0).getTasks(0).getRefScore(), 1e-5);
    assertEquals(fx.pwmScore(altWin) - fx.pwmScore(refWin), e.getModels(0).getTasks(0).getDelta(), 1e-5);
    // A REF of N matching the genome's N is fine too.
    VariantEffect onN = score(EffectOptions.of(List.of(fx.bind)), input(1, "chr2", 65, "N", "A")).get(0)
        .alleles().get(0).effect();
    assertEquals(fx.pwmScore(c2.substring(54, 64) + "A" + c2.substring(65, 75))
        - fx.pwmScore(c2.substring(54, 75)), onN.getModels(0).getTasks(0).getDelta(), 1e-5);
  }

  @Test
  void refMismatchIsAnErrorBySkippedOrWarnedOnRequest() {
    String c = fx.genome.contigs.get("chr1");
    char genomeBase = c.charAt(99);
    String wrong = genomeBase == 'A' ? "C" : "A";
    String alt = "ACGT".replace(String.valueOf(genomeBase), "").replace(wrong, "").substring(0, 1);
    VariantInput bad = input(7, "chr1", 100, wrong, alt);

    RefMismatchException error = assertThrows(RefMismatchException.class,
        () -> score(EffectOptions.of(List.of(fx.bind)), bad));
    assertEquals(7, error.index());
    assertEquals("record 7: chr1:100 (v7): REF " + wrong + " differs from the reference " + genomeBase
        + " at chr1:100, expected the reference bases (is the VCF from another genome build?) or ref_mismatch"
        + " SKIP/WARN", error.getMessage());
    int before = fx.scorer.requests.get();

    AlleleResult skipped = score(both(RefMismatchPolicy.REF_MISMATCH_POLICY_SKIP), bad).get(0).alleles().get(0);
    assertEquals(ErrorReason.ERROR_REASON_REF_MISMATCH, skipped.skipped().getError().getReason());

    VariantEffect warned = score(EffectOptions.of(List.of(fx.bind)).withPolicy(
        RefMismatchPolicy.REF_MISMATCH_POLICY_WARN), bad).get(0).alleles().get(0).effect();
    assertEquals(1, warned.getWarningsCount());
    assertTrue(warned.getWarnings(0).contains("differs from the reference"));
    // WARN scores the record's REF in the reference window.
    String refWin = chr1(89, 99) + wrong + chr1(100, 110);
    assertEquals(fx.pwmScore(refWin), warned.getModels(0).getTasks(0).getRefScore(), 1e-5);
    assertNotEquals(before, fx.scorer.requests.get());
  }

  /** Records 0..39: an SNV at 40 + 5i on chr1, the genome's base to T (to G where it is T). */
  private List<VariantInput> fortySnvs() {
    String c = fx.genome.contigs.get("chr1");
    List<VariantInput> inputs = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      int pos = 40 + i * 5;
      char b = c.charAt(pos - 1);
      inputs.add(input(i, "chr1", pos, String.valueOf(b), b == 'T' ? "G" : "T"));
    }
    return inputs;
  }

  @Test
  void chunksAreScoredInBatchesNotOneByOne() {
    List<VariantInput> inputs = fortySnvs();
    int before = fx.scorer.requests.get();
    List<RecordResult> out = new EffectEngine(fx.windowScorer, fx.reference(), EffectOptions.of(List.of(fx.bind)))
        .score(inputs);
    assertEquals(40, out.size());
    // 80 windows (one ref + one alt each) in batches of at most 7: ceil(80 / 7) = 12 requests.
    assertEquals(12, fx.scorer.requests.get() - before);
    assertEquals(7, fx.scorer.largestBatch.get());
    for (int i = 0; i < 40; i++) {
      assertEquals(i, out.get(i).input().index());
    }
  }

  @Test
  void modelsOfOneWindowLengthShareWindowsAndRequests() {
    // A second 21-base model (another PWM) and bind listed twice: one group of length 21, reg (30) alone.
    ModelInfo info2 = PwmScorer.info("d".repeat(64), "bind2", 21, 6, false);
    fx.scorer.add(new PwmScorer.TestModel(info2, Fixture.pwm(6, 12)));
    ScoringModel bind2 = ScoringModel.of(info2);
    List<VariantInput> inputs = fortySnvs();
    List<ScoringModel> models = List.of(fx.bind, fx.reg, bind2, fx.bind);
    int before = fx.scorer.requests.get();
    List<RecordResult> out = new EffectEngine(fx.windowScorer, fx.reference(), new EffectOptions(models,
        StrandMode.STRAND_MODE_BOTH, RefMismatchPolicy.REF_MISMATCH_POLICY_ERROR, false)).score(inputs);
    // Length 21: 80 windows, bind and bind2 in each request (bind once), 7 / 2 = 3 windows a request: 27
    // requests; length 30: 80 windows of reg alone, 7 a request: 12.
    assertEquals(27 + 12, fx.scorer.requests.get() - before);
    assertEquals(2, fx.scorer.largestModelCount.get());
    assertTrue(fx.scorer.mostConcurrent.get() <= WindowScorer.IN_FLIGHT, "" + fx.scorer.mostConcurrent.get());
    for (int i = 0; i < 40; i++) {
      VariantEffect e = out.get(i).alleles().get(0).effect();
      assertEquals(4, e.getModelsCount());
      int pos = 40 + i * 5;
      String refWin = chr1(pos - 11, pos + 10);
      String altWin = refWin.substring(0, 10) + e.getRecord().getAlt(0) + refWin.substring(11);
      assertEquals(fx.pwmScore(refWin), e.getModels(0).getTasks(0).getRefScore());
      assertEquals(fx.pwmScore(altWin), e.getModels(0).getTasks(0).getAltScore());
      assertEquals(e.getModels(0), e.getModels(3)); // the same model twice: the same effect
      assertEquals(info2.getId(), e.getModels(2).getModelId());
      double[][] pwm2 = Fixture.pwm(6, 12);
      assertEquals((float) Math.max(PwmScorer.bestLogOdds(pwm2, altWin),
          PwmScorer.bestLogOdds(pwm2, PwmScorer.revcomp(altWin))), e.getModels(2).getTasks(0).getAltScore());
      // Each model alone gives the same effects as in the shared requests.
      for (int m = 0; m < 3; m++) {
        VariantEffect alone = new EffectEngine(fx.windowScorer, fx.reference(), new EffectOptions(List.of(models.get(m)),
            StrandMode.STRAND_MODE_BOTH, RefMismatchPolicy.REF_MISMATCH_POLICY_ERROR, false))
            .score(List.of(inputs.get(i))).get(0).alleles().get(0).effect();
        assertEquals(alone.getModels(0), e.getModels(m));
      }
    }
  }
}
