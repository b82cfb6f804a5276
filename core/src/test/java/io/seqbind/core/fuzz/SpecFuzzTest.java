package io.seqbind.core.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.seqbind.core.model.InvalidSpecException;
import io.seqbind.core.model.ModelSpec;
import io.seqbind.core.model.SpecJson;
import java.nio.file.Path;
import java.util.List;

/**
 * Model spec JSON (core SpecJson: the typed form, the contract's proto JSON, or a manifest's architecture).
 * A spec that reads must also write and read back to an equal spec.
 */
class SpecFuzzTest {

  private static final Path DIR = FuzzChecks.scratch("spec");

  @FuzzTest
  void spec(byte[] input) {
    Path file = FuzzChecks.write(DIR.resolve("spec.json"), input);
    ModelSpec[] spec = new ModelSpec[1];
    Throwable failed = FuzzChecks.expect(input, List.of(file.toString()), () -> spec[0] = SpecJson.read(file),
        InvalidSpecException.class);
    if (failed == null) {
      ModelSpec again = SpecJson.read(SpecJson.write(spec[0]));
      if (!again.equals(spec[0])) {
        throw new AssertionError("spec does not survive write/read: " + spec[0] + " vs " + again);
      }
    }
  }
}
