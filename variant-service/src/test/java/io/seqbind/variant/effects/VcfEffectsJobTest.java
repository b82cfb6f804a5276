package io.seqbind.variant.effects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import htsjdk.samtools.util.BlockCompressedOutputStream;
import htsjdk.tribble.index.Index;
import htsjdk.tribble.index.IndexFactory;
import htsjdk.variant.variantcontext.VariantContext;
import htsjdk.variant.vcf.VCFCodec;
import htsjdk.variant.vcf.VCFFileReader;
import io.seqbind.core.io.InputFormatException;
import io.seqbind.proto.v1.GenomicRegion;
import io.seqbind.proto.v1.RefMismatchPolicy;
import io.seqbind.proto.v1.StrandMode;
import io.seqbind.variant.testing.Fixture;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file-to-file path: VCF in, TSV and annotated VCF out, deltas equal to hand-cut windows. */
class VcfEffectsJobTest {

  @TempDir
  Path dir;
  Fixture fx;
  String c1;

  @BeforeEach
  void setUp() throws Exception {
    fx = new Fixture(dir);
    c1 = fx.genome.contigs.get("chr1");
  }

  @AfterEach
  void tearDown() throws Exception {
    fx.close();
  }

  private String header() {
    return "##fileformat=VCFv4.2\n##contig=<ID=chr1,length=300>\n##contig=<ID=chr2,length=130>\n"
        + "##FILTER=<ID=LowQual,Description=\"low\">\n"
        + "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n";
  }

  private String line(String chrom, int pos, String id, String ref, String alt) {
    return chrom + "\t" + pos + "\t" + id + "\t" + ref + "\t" + alt + "\t.\tPASS\t.\n";
  }

  private String base(int pos) {
    return String.valueOf(c1.charAt(pos - 1));
  }

  private String other(int pos) {
    return base(pos).equals("A") ? "C" : "A";
  }

  private List<String> body() {
    List<String> lines = new ArrayList<>();
    lines.add(line("chr1", 3, "edge", base(3), other(3)));
    lines.add(line("chr1", 50, "snv1", base(50), other(50)));
    lines.add(line("chr1", 90, "multi", base(90), "G".equals(base(90)) ? "A,T" : "G,<INV>"));
    lines.add(line("chr1", 130, "del", c1.substring(129, 133), base(130)));
    lines.add(line("chr1", 200, "snv2", base(200), other(200)));
    return lines;
  }

  private Path writeVcf(String name, List<String> lines) throws Exception {
    Path vcf = dir.resolve(name);
    Files.writeString(vcf, header() + String.join("", lines));
    return vcf;
  }

  @Test
  void tsvAndAnnotatedVcfCarryTheDeltasOfHandCutWindows() throws Exception {
    Path vcf = writeVcf("in.vcf", body());
    Path tsv = dir.resolve("out/effects.tsv");
    Path annotated = dir.resolve("out/annotated.vcf");
    EffectTally tally = new VcfEffectsJob(fx.windowScorer, 2).run(vcf, null, fx.genome.fasta,
        EffectOptions.of(List.of(fx.bind)), tsv, annotated, t -> { });
    assertEquals(5, tally.records());

    List<String> rows = Files.readAllLines(tsv);
    assertEquals(EffectTsvWriter.HEADER, rows.get(0));
    String[] snv = rows.get(2).split("\t", -1);
    float ref = fx.pwmScore(c1.substring(39, 60));
    float alt = fx.pwmScore(c1.substring(39, 49) + other(50) + c1.substring(50, 60));
    assertEquals("1", snv[0]);
    assertEquals("snv1", snv[3]);
    assertEquals("bind_1", snv[7]);
    assertEquals(ref, Float.parseFloat(snv[9]), 1e-5);
    assertEquals(alt, Float.parseFloat(snv[10]), 1e-5);
    assertEquals(alt - ref, Float.parseFloat(snv[11]), 1e-5);
    assertEquals(alt - ref, Float.parseFloat(snv[12]), 1e-5);
    assertEquals("scored", snv[14]);
    // One row per allele: edge (skipped), snv1, multi x2, del, snv2.
    assertEquals(1 + 6, rows.size());
    String[] edge = rows.get(1).split("\t", -1);
    assertEquals("edge", edge[3]);
    assertEquals("skipped", edge[14]);
    assertEquals("ERROR_REASON_OUT_OF_RANGE", edge[15]);
    assertTrue(edge[16].startsWith(vcf + ":6: chr1:3 (edge): the 21-base window"), edge[16]);
    // The deletion (REF 4 bases -> 1): left flank (21 - 4) / 2 = 8, alt takes 12 bases after REF.
    String[] del = rows.get(5).split("\t", -1);
    assertEquals("del", del[3]);
    float delRef = fx.pwmScore(c1.substring(121, 142));
    float delAlt = fx.pwmScore(c1.substring(121, 129) + base(130) + c1.substring(133, 145));
    assertEquals(delAlt - delRef, Float.parseFloat(del[11]), 1e-5);
    // At least one delta is not zero, so the comparisons above can tell ref from alt.
    assertTrue(rows.stream().skip(1).map(r -> r.split("\t", -1)[11]).filter(d -> !d.isEmpty())
        .anyMatch(d -> Float.parseFloat(d) != 0f));
    // Input order is kept across chunks of 2.
    assertEquals("snv2", rows.get(6).split("\t")[3]);

    try (VCFFileReader reader = new VCFFileReader(annotated, false)) {
      String delta = AnnotatedVcfWriter.key(fx.bind, "pwm", "DELTA");
      assertEquals("SB_BIND_1_PWM_DELTA", delta);
      assertTrue(reader.getFileHeader().hasInfoLine(delta));
      assertTrue(reader.getFileHeader().hasInfoLine(AnnotatedVcfWriter.key(fx.bind, "pwm", "LOR")));
      List<VariantContext> records = reader.iterator().toList();
      assertEquals(5, records.size());
      assertEquals(alt - ref, Float.parseFloat(records.get(1).getAttributeAsString(delta, "")), 1e-5);
      assertEquals(2, records.get(2).getAttributeAsStringList(delta, "").size());
      assertEquals("ERROR_REASON_OUT_OF_RANGE", records.get(0).getAttributeAsString(AnnotatedVcfWriter.SKIP_KEY, ""));
      assertFalse(records.get(0).hasAttribute(delta));
    }
    // Nothing but the outputs is left in the output folder (no temporary files).
    try (var files = Files.list(dir.resolve("out"))) {
      assertEquals(2, files.count());
    }
  }

  @Test
  void bothStrandsAddEachStrandsScoresWhoseMaximumIsTheModelsScore() throws Exception {
    Path vcf = writeVcf("in.vcf", body());
    Path tsv = dir.resolve("strands.tsv");
    new VcfEffectsJob(fx.windowScorer).run(vcf, null, fx.genome.fasta, new EffectOptions(List.of(fx.bind),
        StrandMode.STRAND_MODE_BOTH, RefMismatchPolicy.REF_MISMATCH_POLICY_ERROR, false), tsv, null, t -> { });
    List<String> rows = Files.readAllLines(tsv);
    assertEquals(EffectTsvWriter.HEADER + "\t" + EffectTsvWriter.STRAND_COLUMNS, rows.get(0));
    int scored = 0;
    for (String row : rows.subList(1, rows.size())) {
      String[] f = row.split("\t", -1);
      assertEquals(23, f.length, row);
      if (f[14].equals("scored")) {
        // The PWM stand-in scans both strands and keeps the larger: the model's score is the strands' maximum.
        assertEquals(Float.parseFloat(f[9]), Math.max(Float.parseFloat(f[17]), Float.parseFloat(f[20])), row);
        assertEquals(Float.parseFloat(f[10]), Math.max(Float.parseFloat(f[18]), Float.parseFloat(f[21])), row);
        assertEquals(Float.parseFloat(f[18]) - Float.parseFloat(f[17]), Float.parseFloat(f[19]), 1e-6, row);
        scored++;
      }
    }
    assertTrue(scored >= 3, "scored rows: " + scored);
  }

  @Test
  void aLineThatDoesNotParseIsNamedByFileAndLine() throws Exception {
    List<String> lines = body();
    lines.add(2, "chr1\tnot_a_number\tx\tA\tC\t.\tPASS\t.\n");
    Path vcf = writeVcf("bad.vcf", lines);
    Path tsv = dir.resolve("bad.tsv");
    InputFormatException e = assertThrows(InputFormatException.class, () -> new VcfEffectsJob(fx.windowScorer)
        .run(vcf, null, fx.genome.fasta, EffectOptions.of(List.of(fx.bind)), tsv, null, t -> { }));
    assertEquals(vcf.toString(), e.file());
    assertEquals(8, e.line());
    assertTrue(e.getMessage().startsWith(vcf + ":8: cannot parse VCF record"), e.getMessage());
    assertFalse(Files.exists(tsv));
  }

  @Test
  void refMismatchStopsTheRunAndWritesNothing() throws Exception {
    List<String> lines = body();
    lines.add(line("chr1", 250, "wrong", other(250), base(250)));
    Path vcf = writeVcf("mismatch.vcf", lines);
    Path tsv = dir.resolve("mismatch.tsv");
    RefMismatchException e = assertThrows(RefMismatchException.class, () -> new VcfEffectsJob(fx.windowScorer)
        .run(vcf, null, fx.genome.fasta, EffectOptions.of(List.of(fx.bind)), tsv, null, t -> { }));
    assertTrue(e.getMessage().startsWith(vcf + ":11: chr1:250 (wrong): REF " + other(250)), e.getMessage());
    assertFalse(Files.exists(tsv));
    // With SKIP the same file completes.
    EffectTally tally = new VcfEffectsJob(fx.windowScorer).run(vcf, null, fx.genome.fasta,
        EffectOptions.of(List.of(fx.bind)).withPolicy(RefMismatchPolicy.REF_MISMATCH_POLICY_SKIP), tsv, null,
        t -> { });
    assertEquals(1L, tally.skippedByReason().get("ERROR_REASON_REF_MISMATCH"));
  }

  @Test
  void aRegionIsReadThroughTheTabixIndexOfABgzippedVcf() throws Exception {
    Path vcf = dir.resolve("in.vcf.gz");
    try (OutputStream out = new BlockCompressedOutputStream(vcf.toFile())) {
      out.write((header() + String.join("", body())).getBytes(StandardCharsets.UTF_8));
    }
    Index index = IndexFactory.createIndex(vcf, new VCFCodec(), IndexFactory.IndexType.TABIX);
    index.write(Path.of(vcf + ".tbi"));
    Path tsv = dir.resolve("region.tsv");
    EffectTally tally = new VcfEffectsJob(fx.windowScorer).run(vcf,
        GenomicRegion.newBuilder().setChrom("chr1").setStart(80).setEnd(140).build(), fx.genome.fasta,
        new EffectOptions(List.of(fx.bind), StrandMode.STRAND_MODE_MODEL, RefMismatchPolicy.REF_MISMATCH_POLICY_ERROR,
            false), tsv, null, t -> { });
    assertEquals(2, tally.records());
    List<String> rows = Files.readAllLines(tsv);
    assertEquals("multi", rows.get(1).split("\t")[3]);
    assertEquals("del", rows.get(rows.size() - 1).split("\t")[3]);

    // The whole bgzipped file reads without an index too.
    assertEquals(5, new VcfEffectsJob(fx.windowScorer).run(vcf, null, fx.genome.fasta,
        EffectOptions.of(List.of(fx.bind)), tsv, null, t -> { }).records());
    // A region on a file without an index is refused.
    Path plain = writeVcf("plain.vcf", body());
    assertThrows(VcfSource.MissingIndexException.class, () -> VcfSource.query(plain, "chr1", 1, 0));
  }
}
