package io.seqbind.core.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import htsjdk.samtools.reference.FastaSequenceIndexCreator;
import io.seqbind.core.io.BedReader;
import io.seqbind.core.io.InputFormatException;
import io.seqbind.core.io.IntervalFormat;
import io.seqbind.core.io.PeakWindows;
import io.seqbind.core.io.ReferenceGenome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * BED and narrowPeak (core BedReader) and the windows cut around them from a small indexed reference
 * (PeakWindows). The first byte picks the format and the window width (1 to 64); the rest is the file.
 */
class PeaksFuzzTest {

  private static final Path DIR = FuzzChecks.scratch("peaks");
  private static final Path GENOME = genome();

  private static Path genome() {
    Path fa = FuzzChecks.write(DIR.resolve("genome.fa"), (">chr1 test\nACGTACGTACGGGGGCCCCCTTTTTAAAAAacgtnacgta\n"
        + "ACGTACGTAC\n>chr2\nCCCCCGGGGGAAAAATTTTT\n>chrM\nNNNNACGT\n").getBytes(StandardCharsets.UTF_8));
    try {
      FastaSequenceIndexCreator.create(fa, true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return fa;
  }

  @FuzzTest
  void peaks(byte[] data) {
    int head = data.length == 0 ? 0 : data[0] & 0xff;
    byte[] input = data.length == 0 ? data : Arrays.copyOfRange(data, 1, data.length);
    IntervalFormat format = (head & 1) == 0 ? IntervalFormat.BED : IntervalFormat.NARROW_PEAK;
    int width = 1 + (head >> 2);
    Path file = FuzzChecks.write(DIR.resolve("input.peaks"), input);
    List<String> allowed = List.of(file.toString(), GENOME.toString());
    FuzzChecks.expect(input, allowed, () -> {
      try (BedReader reader = BedReader.open(file, format)) {
        reader.forEachRemaining(r -> { });
      }
    }, InputFormatException.class);
    FuzzChecks.expect(input, allowed, () -> {
      try (ReferenceGenome reference = ReferenceGenome.open(GENOME)) {
        new PeakWindows(reference, width).extract(file, format);
      }
    }, InputFormatException.class);
  }
}
