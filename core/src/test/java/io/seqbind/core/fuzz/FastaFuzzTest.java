package io.seqbind.core.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.seqbind.core.io.FastaReader;
import io.seqbind.core.io.InputFormatException;
import java.nio.file.Path;
import java.util.List;

/** FASTA (core FastaReader): any bytes read to the end or an InputFormatException that quotes no line. */
class FastaFuzzTest {

  private static final Path DIR = FuzzChecks.scratch("fasta");

  @FuzzTest
  void fasta(byte[] input) {
    Path file = FuzzChecks.write(DIR.resolve("input.fa"), input);
    FuzzChecks.expect(input, List.of(file.toString()), () -> {
      try (FastaReader reader = FastaReader.open(file)) {
        reader.forEachRemaining(r -> { });
      }
    }, InputFormatException.class);
  }
}
