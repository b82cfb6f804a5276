package io.seqbind.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import htsjdk.samtools.reference.FastaSequenceIndexCreator;
import htsjdk.samtools.util.BlockCompressedOutputStream;
import htsjdk.samtools.util.GZIIndex;
import io.seqbind.core.seq.LabeledSequence;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeakWindowsTest {

  @TempDir Path dir;
  private Path genome;

  // chr1 (40 bp): 0-9 ACGTACGTAC, 10-19 GGGGGCCCCC, 20-29 TTTTTAAAAA, 30-39 acgtnacgta
  // chr2 (20 bp): 0-9 CCCCCGGGGG, 10-19 AAAAATTTTT
  private static final String GENOME = ">chr1 test\nACGTACGTAC\nGGGGGCCCCC\nTTTTTAAAAA\nacgtnacgta\n"
      + ">chr2\nCCCCCGGGGG\nAAAAATTTTT\n";

  @BeforeEach
  void writeGenome() throws IOException {
    genome = TestFiles.text(dir.resolve("genome.fa"), GENOME);
    FastaSequenceIndexCreator.create(genome, true);
  }

  private WindowSet windows(String name, String content, int width) {
    try (ReferenceGenome ref = ReferenceGenome.open(genome)) {
      return new PeakWindows(ref, width).extract(TestFiles.text(dir.resolve(name), content));
    }
  }

  @Test
  void bedWindowsAreCentredOnTheMidpoint() {
    String bed = "track name=peaks\nbrowser position chr1\n# comment\n\n"
        + "chr1\t10\t20\n"
        + "chr1\t20\t31\tpeak2\t500\t+\n";
    WindowSet set = windows("peaks.bed", bed, 6);
    assertEquals(List.of(LabeledSequence.of("chr1:12-18", "GGGCCC", 1),
        LabeledSequence.of("chr1:22-28", "TTTAAA", 1)), set.windows());
    assertEquals(List.of(), set.skipped());
  }

  @Test
  void oddWidthPutsTheCentreInTheMiddle() {
    WindowSet set = windows("peaks.bed", "chr1\t10\t20\n", 5);
    assertEquals(List.of(LabeledSequence.of("chr1:13-18", "GGCCC", 1)), set.windows());
  }

  @Test
  void narrowPeakWindowsAreCentredOnTheSummitOrMidpointWhenMinusOne() {
    String peaks = "chr1\t28\t40\tp1\t0\t.\t5.0\t-1\t-1\t5\n"
        + "chr2\t0\t20\tp2\t0\t.\t5.0\t-1\t-1\t-1\n";
    WindowSet set = windows("peaks.narrowPeak", peaks, 6);
    assertEquals(List.of(LabeledSequence.of("chr1:30-36", "ACGTNA", 1),
        LabeledSequence.of("chr2:7-13", "GGGAAA", 1)), set.windows());
  }

  @Test
  void windowsOffTheChromosomeAreReportedNotClipped() {
    Path bed = TestFiles.text(dir.resolve("peaks.bed"), "chr2\t0\t4\nchr1\t10\t20\nchr1\t36\t40\n");
    WindowSet set;
    try (ReferenceGenome ref = ReferenceGenome.open(genome)) {
      set = new PeakWindows(ref, 6, 0.0).extract(bed);
    }
    assertEquals(List.of(LabeledSequence.of("chr1:12-18", "GGGCCC", 0)), set.windows());
    assertEquals(List.of(new SkippedWindow(bed.toString(), 1, "chr2:0-4", -1, 5, 20),
        new SkippedWindow(bed.toString(), 3, "chr1:36-40", 35, 41, 40)), set.skipped());
    assertEquals(bed + ":3: skipped chr1:36-40: its 6-bp window 35-41 runs off chr1 (length 40)",
        set.skipped().get(1).message());
  }

  @Test
  void contigNotInReference() {
    Path bed = TestFiles.text(dir.resolve("peaks.bed"), "#h\nchr1\t1\t5\nchr2\t1\t5\nchr9\t1\t5\n");
    try (ReferenceGenome ref = ReferenceGenome.open(genome)) {
      var e = assertThrows(InputFormatException.class, () -> new PeakWindows(ref, 2).extract(bed));
      assertEquals(bed + ":4: contig 'chr9' is not in the reference " + genome
          + ", expected one of chr1, chr2 (2 contigs)", e.getMessage());
    }
  }

  @Test
  void coordinateOffTheReference() {
    Path bed = TestFiles.text(dir.resolve("peaks.bed"), "chr2\t10\t25\n");
    try (ReferenceGenome ref = ReferenceGenome.open(genome)) {
      var e = assertThrows(InputFormatException.class, () -> new PeakWindows(ref, 2).extract(bed));
      assertEquals(bed + ":1: interval chr2:10-25 ends beyond contig chr2 (length 20) of the reference " + genome
          + ", expected coordinates within the reference (peaks called on another genome build?)", e.getMessage());
    }
  }

  @Test
  void badBedLines() {
    assertBedError("chr1\t10\n", "found 2 columns, expected at least 3 tab-separated columns: chrom, chromStart, chromEnd");
    assertBedError("chr1\t1O\t20\n", "chromStart '1O' is not a non-negative integer, expected a 0-based integer coordinate");
    assertBedError("chr1\t10\t-2\n", "chromEnd '-2' is not a non-negative integer, expected a 0-based integer coordinate");
    assertBedError("chr1\t30\t20\n", "chromStart 30 is greater than chromEnd 20, expected chromStart <= chromEnd "
        + "(BED is 0-based, half-open)");
  }

  private void assertBedError(String content, String message) {
    Path bed = TestFiles.text(dir.resolve("bad.bed"), "chr1\t0\t5\n" + content);
    var e = assertThrows(InputFormatException.class, () -> {
      try (BedReader r = BedReader.open(bed)) {
        r.forEachRemaining(x -> { });
      }
    });
    assertEquals(bed + ":2: " + message, e.getMessage());
  }

  @Test
  void badNarrowPeakLines() {
    Path short6 = TestFiles.text(dir.resolve("a.narrowPeak"), "chr1\t0\t5\tp\t0\t+\n");
    var e = assertThrows(InputFormatException.class, () -> BedReader.open(short6).next());
    assertEquals(short6 + ":1: found 6 columns in a narrowPeak file, expected 10 (column 10 is the summit offset; "
        + "name the file .bed to read it as BED)", e.getMessage());
    Path outside = TestFiles.gzip(dir.resolve("b.narrowPeak.gz"), "chr1\t10\t20\tp\t0\t.\t1\t-1\t-1\t10\n");
    e = assertThrows(InputFormatException.class, () -> BedReader.open(outside).next());
    assertEquals(outside + ":1: summit offset 10 is outside the peak chr1:10-20 (length 10), "
        + "expected -1 or an offset from 0 to 9", e.getMessage());
  }

  @Test
  void bgzipReferenceWithGzi() throws IOException {
    Path gz = dir.resolve("genome.fa.gz");
    try (OutputStream out = new BlockCompressedOutputStream(gz.toFile())) {
      out.write(GENOME.getBytes(StandardCharsets.US_ASCII));
    }
    GZIIndex.buildIndex(gz).writeIndex(GZIIndex.resolveIndexNameForBgzipFile(gz));
    FastaSequenceIndexCreator.create(gz, true);
    try (ReferenceGenome ref = ReferenceGenome.open(gz)) {
      assertEquals(List.of("chr1", "chr2"), ref.contigNames());
      assertEquals("ACGTNACG", ref.fetch("chr1", 30, 38));
      WindowSet set = new PeakWindows(ref, 6).extract(TestFiles.text(dir.resolve("p.bed"), "chr2\t0\t20\n"));
      assertEquals(List.of(LabeledSequence.of("chr2:7-13", "GGGAAA", 1)), set.windows());
    }
  }

  @Test
  void referenceWithoutIndex() {
    Path bare = TestFiles.text(dir.resolve("bare.fa"), GENOME);
    var e = assertThrows(InputFormatException.class, () -> ReferenceGenome.open(bare));
    assertEquals(bare + ": no FASTA index " + bare + ".fai, expected an index made with 'samtools faidx "
        + bare + "'", e.getMessage());
  }
}
