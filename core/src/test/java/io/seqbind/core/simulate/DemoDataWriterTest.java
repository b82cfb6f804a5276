package io.seqbind.core.simulate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import htsjdk.samtools.reference.IndexedFastaSequenceFile;
import htsjdk.variant.variantcontext.Allele;
import htsjdk.variant.variantcontext.VariantContext;
import htsjdk.variant.vcf.VCFContigHeaderLine;
import htsjdk.variant.vcf.VCFFileReader;
import htsjdk.variant.vcf.VCFHeader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoDataWriterTest {

  @TempDir static Path dir;
  private static DemoData data;
  private static List<String[]> sites;

  @BeforeAll
  static void writeDefaults() throws IOException {
    data = DemoDataWriter.write(SimulationConfig.defaults(), dir.resolve("default"));
    sites = Files.readAllLines(data.sites()).stream().map(l -> l.split("\t")).toList();
  }

  @Test
  void writesEveryFileAndNoTemporaries() throws IOException {
    try (Stream<Path> files = Files.list(data.directory())) {
      assertEquals(data.files().stream().sorted().toList(), files.sorted().toList());
    }
    assertEquals(List.of("genome.fa", "genome.fa.fai", "genome.dict", "peaks.narrowPeak", "sites.bed", "train.seq.gz",
        "test.seq.gz", "train.fa", "test.fa", "variants.vcf"),
        data.files().stream().map(p -> p.getFileName().toString()).toList());
    assertEquals(3, data.contigs());
    assertEquals(100, data.peakCount());
    assertEquals(sites.size(), data.siteCount());
    assertEquals(List.of("Bound"), data.labelColumns());
    assertTrue(data.genomeLength() > 20_000 && data.genomeLength() < 100_000, "genome " + data.genomeLength());
  }

  @Test
  void sameSeedGivesIdenticalBytesOtherSeedDoesNot() throws IOException {
    SimulationConfig small = SimulationConfig.defaults().withCount(20).withSeed(77);
    DemoData a = DemoDataWriter.write(small, dir.resolve("a"));
    DemoData b = DemoDataWriter.write(small, dir.resolve("b"));
    DemoData c = DemoDataWriter.write(small.withSeed(78), dir.resolve("c"));
    for (int i = 0; i < a.files().size(); i++) {
      assertArrayEquals(Files.readAllBytes(a.files().get(i)), Files.readAllBytes(b.files().get(i)),
          a.files().get(i).getFileName().toString());
    }
    for (Path file : List.of(a.genomeFasta(), a.peaks(), a.trainSeq(), a.variants())) {
      Path other = c.directory().resolve(file.getFileName());
      assertFalse(Arrays.equals(Files.readAllBytes(file), Files.readAllBytes(other)), file.getFileName().toString());
    }
  }

  @Test
  void peaksParseAndTheirSummitWindowHoldsThePlantedMotif() throws IOException {
    Pwm ctcf = KnownMotifs.get("CTCF");
    double threshold = 0.5 * ctcf.maxLogOdds(Background.uniform());
    List<String> lines = Files.readAllLines(data.peaks());
    assertEquals(100, lines.size());
    try (IndexedFastaSequenceFile fasta = new IndexedFastaSequenceFile(data.genomeFasta())) {
      List<String> contigOrder = new ArrayList<>();
      fasta.getIndex().forEach(entry -> contigOrder.add(entry.getContig())); // read from the .fai
      assertEquals(List.of("chrS1", "chrS2", "chrS3"), contigOrder);
      String previousContig = null;
      int previousEnd = -1;
      for (String line : lines) {
        String[] f = line.split("\t");
        assertEquals(10, f.length, line);
        String contig = f[0];
        int start = Integer.parseInt(f[1]);
        int end = Integer.parseInt(f[2]);
        int score = Integer.parseInt(f[4]);
        int summitOffset = Integer.parseInt(f[9]);
        assertEquals(".", f[5]);
        assertTrue(Double.parseDouble(f[6]) > 0 && Double.parseDouble(f[7]) > 0 && Double.parseDouble(f[8]) >= 0);
        assertTrue(score >= 0 && score <= 1000, line);
        assertTrue(start >= 0 && end <= fasta.getIndex().getIndexEntry(contig).getSize(), line);
        assertTrue(summitOffset >= 0 && start + summitOffset < end, "summit outside peak: " + line);
        if (contig.equals(previousContig)) {
          assertTrue(start >= previousEnd, "unsorted or overlapping: " + line);
        } else if (previousContig != null) {
          assertTrue(contigOrder.indexOf(contig) > contigOrder.indexOf(previousContig), "contig order: " + line);
        }
        previousContig = contig;
        previousEnd = end;

        int summit = start + summitOffset; // 0-based
        String window = fasta.getSubsequenceAt(contig, summit + 1 - 50, summit + 1 + 50).getBaseString();
        assertEquals(101, window.length());
        Pwm.Hit hit = ctcf.bestHit(window, Background.uniform());
        assertTrue(hit.score() >= threshold, f[3] + " best CTCF hit " + hit.score());
        int hitStart = summit - 50 + hit.start();
        assertTrue(sites.stream().anyMatch(s -> s[0].equals(contig) && Integer.parseInt(s[1]) == hitStart
            && s[5].equals(String.valueOf(hit.strand().symbol()))), f[3] + ": best hit is not a planted site");
        assertTrue(sites.stream().anyMatch(s -> s[0].equals(contig) && Integer.parseInt(s[1]) <= summit
            && summit < Integer.parseInt(s[2])), f[3] + ": no planted site at the summit");
      }
    }
  }

  @Test
  void sitesBedMatchesTheGenome() throws IOException {
    Pwm ctcf = KnownMotifs.get("CTCF");
    try (IndexedFastaSequenceFile fasta = new IndexedFastaSequenceFile(data.genomeFasta())) {
      for (String[] s : sites) {
        String bases = fasta.getSubsequenceAt(s[0], Integer.parseInt(s[1]) + 1, Integer.parseInt(s[2])).getBaseString();
        Pwm oriented = s[5].equals("+") ? ctcf : ctcf.reverseComplement();
        assertTrue(oriented.logOdds(bases, Background.uniform()) >= 0.5 * ctcf.maxLogOdds(Background.uniform()));
        assertTrue(Integer.parseInt(s[4]) >= 500, String.join(" ", s));
      }
    }
  }

  @Test
  void variantsMatchTheReferenceAndTheTruth() throws IOException {
    Pwm ctcf = KnownMotifs.get("CTCF");
    try (IndexedFastaSequenceFile fasta = new IndexedFastaSequenceFile(data.genomeFasta());
        VCFFileReader vcf = new VCFFileReader(data.variants(), false)) {
      VCFHeader header = vcf.getFileHeader();
      List<VCFContigHeaderLine> contigs = header.getContigLines();
      assertEquals(3, contigs.size());
      for (VCFContigHeaderLine line : contigs) {
        assertEquals(fasta.getIndex().getIndexEntry(line.getID()).getSize(),
            line.getSAMSequenceRecord().getSequenceLength());
      }
      assertEquals("genome.fa", header.getOtherHeaderLine("reference").getValue());
      assertNotNull(header.getInfoHeaderLine("IN_MOTIF"));

      List<VariantContext> records = new ArrayList<>();
      vcf.iterator().forEachRemaining(records::add);
      assertEquals(data.variantCount(), records.size());
      int inMotif = 0;
      int indels = 0;
      int multiAllelic = 0;
      VariantContext previous = null;
      for (VariantContext v : records) {
        String ref = fasta.getSubsequenceAt(v.getContig(), v.getStart(), v.getEnd()).getBaseString();
        assertEquals(ref, v.getReference().getBaseString(), v.toStringDecodeGenotypes());
        if (previous != null && previous.getContig().equals(v.getContig())) {
          assertTrue(v.getStart() > previous.getEnd(), "unsorted or overlapping at " + v.getStart());
        }
        previous = v;
        indels += v.isIndel() ? 1 : 0;
        multiAllelic += v.getAlternateAlleles().size() > 1 ? 1 : 0;
        int pos0 = v.getStart() - 1;
        List<String[]> hit = sites.stream().filter(s -> s[0].equals(v.getContig())
            && Integer.parseInt(s[1]) <= v.getEnd() - 1 && pos0 < Integer.parseInt(s[2])).toList();
        if (v.hasAttribute("IN_MOTIF")) {
          inMotif++;
          assertEquals(1, hit.size(), "in-motif variant outside a planted site: " + v.getStart());
          assertEquals("CTCF", v.getAttributeAsString("MOTIF", null));
          // the alternate allele must lower the site's score: it breaks a high-information position
          String[] s = hit.get(0);
          int siteStart = Integer.parseInt(s[1]);
          String site = fasta.getSubsequenceAt(s[0], siteStart + 1, Integer.parseInt(s[2])).getBaseString();
          Allele alt = v.getAlternateAllele(0);
          String mutated = site.substring(0, pos0 - siteStart) + alt.getBaseString() + site.substring(pos0 - siteStart + 1);
          Pwm oriented = s[5].equals("+") ? ctcf : ctcf.reverseComplement();
          double drop = oriented.logOdds(site, Background.uniform()) - oriented.logOdds(mutated, Background.uniform());
          assertTrue(drop > 4, "variant at " + v.getStart() + " lowers the site by only " + drop + " bits");
          int motifPos = v.getAttributeAsInt("MOTIF_POS", 0);
          assertTrue(ctcf.informationContent(motifPos - 1) > 1.5);
        } else {
          assertEquals(List.of(), hit, "background variant inside a planted site: " + v.getStart());
        }
      }
      assertEquals(data.motifVariantCount(), inMotif);
      assertEquals(20, inMotif);
      assertEquals(3, indels);
      assertEquals(1, multiAllelic);
    }
  }

  @Test
  void seqTablesHoldPeakPositivesAndBackgroundNegatives() throws IOException {
    List<String[]> train = readTable(data.trainSeq());
    List<String[]> test = readTable(data.testSeq());
    assertArrayEquals(new String[] {"FoldID", "EventID", "seq", "Bound"}, train.get(0));
    assertEquals(data.trainCount(), train.size() - 1);
    assertEquals(data.testCount(), test.size() - 1);
    assertEquals(20, test.stream().skip(1).filter(r -> r[3].equals("1")).count());
    assertEquals(80, train.stream().skip(1).filter(r -> r[3].equals("1")).count());
    try (IndexedFastaSequenceFile fasta = new IndexedFastaSequenceFile(data.genomeFasta())) {
      List<String> peaks = Files.readAllLines(data.peaks());
      for (String[] row : concat(train, test)) {
        assertEquals("A", row[0]);
        assertEquals(101, row[2].length());
        assertEquals(row[1].startsWith("peak_") ? "1" : "0", row[3], row[1]);
        if (row[1].startsWith("peak_")) {
          String[] peak = peaks.stream().map(l -> l.split("\t")).filter(p -> p[3].equals(row[1])).findFirst().orElseThrow();
          int summit = Integer.parseInt(peak[1]) + Integer.parseInt(peak[9]);
          assertEquals(fasta.getSubsequenceAt(peak[0], summit + 1 - 50, summit + 1 + 50).getBaseString(), row[2]);
        }
      }
    }
    List<String> testFasta = Files.readAllLines(data.testFasta());
    assertEquals(">" + test.get(1)[1], testFasta.get(0));
    assertEquals(test.get(1)[2], testFasta.get(1) + testFasta.get(2));
  }

  @Test
  void multiMotifDemoLabelsOneColumnPerMotif() throws IOException {
    SimulationConfig config = SimulationConfig.defaults().withMotifs(List.of("ctcf", "gata1")).withCount(10)
        .withFasta(false).withTestFraction(0.5);
    DemoData multi = DemoDataWriter.write(config, dir.resolve("multi"));
    assertEquals(List.of("CTCF", "GATA1"), multi.labelColumns());
    assertNull(multi.testFasta());
    List<String[]> rows = concat(readTable(multi.trainSeq()), readTable(multi.testSeq()));
    assertEquals(20, rows.size());
    assertEquals(5, rows.stream().filter(r -> r[3].equals("1") && r[4].equals("0")).count());
    assertEquals(5, rows.stream().filter(r -> r[3].equals("0") && r[4].equals("1")).count());
    assertEquals(10, rows.stream().filter(r -> r[3].equals("0") && r[4].equals("0")).count());
    assertEquals(10, Files.readAllLines(multi.peaks()).size());
    List<String> siteMotifs = Files.readAllLines(multi.sites()).stream().map(l -> l.split("\t")[3]).distinct()
        .sorted().toList();
    assertEquals(List.of("CTCF", "GATA1"), siteMotifs);
  }

  private static List<String[]> readTable(Path path) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(path))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(l -> l.split("\t")).toList();
    }
  }

  /** The data rows of both tables (headers dropped). */
  private static List<String[]> concat(List<String[]> a, List<String[]> b) {
    List<String[]> out = new ArrayList<>(a.subList(1, a.size()));
    out.addAll(b.subList(1, b.size()));
    return out;
  }
}
