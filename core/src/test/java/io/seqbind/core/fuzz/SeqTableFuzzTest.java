package io.seqbind.core.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.seqbind.core.io.InputFormatException;
import io.seqbind.core.io.SeqTableReader;
import java.nio.file.Path;
import java.util.List;

/** DeepBind .seq tables (core SeqTableReader), streamed and read whole. */
class SeqTableFuzzTest {

  private static final Path DIR = FuzzChecks.scratch("seq");

  @FuzzTest
  void seqTable(byte[] input) {
    Path file = FuzzChecks.write(DIR.resolve("input.seq"), input);
    FuzzChecks.expect(input, List.of(file.toString()), () -> {
      try (SeqTableReader reader = SeqTableReader.open(file)) {
        reader.forEachRemaining(r -> { });
      }
    }, InputFormatException.class);
    FuzzChecks.expect(input, List.of(file.toString()), () -> SeqTableReader.readAll(file),
        InputFormatException.class);
  }
}
