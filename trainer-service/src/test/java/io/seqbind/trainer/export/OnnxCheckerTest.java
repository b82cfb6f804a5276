package io.seqbind.trainer.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.seqbind.core.model.ModelSpec;
import io.seqbind.core.model.Presets;
import io.seqbind.core.model.ReverseComplement;
import io.seqbind.core.testing.SystemPython;
import io.seqbind.trainer.engine.Network;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference ONNX checker (Debian's python3-onnx, with shape inference: full_check) accepts exported
 * files: ONNX Runtime alone is lenient about some spec violations (attribute types, IR/opset pairs). Skipped
 * only where /usr/bin/python3 cannot import onnx; test.sh installs python3-onnx when it runs as root.
 */
class OnnxCheckerTest {

  @TempDir
  Path dir;

  @ParameterizedTest(name = "{0} rc={1} models={3}")
  @CsvSource({"deepbind, MAX, 101, 1", "deepbind_maxavg, MEAN, 101, 1", "deepbind_nohidden, OFF, 101, 1",
      "2layer_local_win3, MAX, 101, 1", "3layer, OFF, 101, 1", "basset, OFF, 168, 1", "deepbind, MAX, 101, 3",
      "2layer, OFF, 101, 2"})
  void checkerAcceptsExport(String preset, ReverseComplement rc, int length, int models) throws Exception {
    Assumptions.assumeTrue(SystemPython.canImport("onnx"), "/usr/bin/python3 cannot import onnx (apt-get install python3-onnx)");
    ModelSpec spec = Presets.byName(preset).withReverseComplement(rc);
    Network network = RandomNetworks.create(spec, models, length, 3);
    Path file = dir.resolve(preset + ".onnx");
    Files.write(file, OnnxExport.export(network, preset)); // one model, or the ensemble of all

    SystemPython.Run run = python("import onnx, sys; m = onnx.load(sys.argv[1]); onnx.checker.check_model(m, full_check=True);"
        + " print('ok', m.ir_version, m.opset_import[0].version)", file.toString());
    assertEquals(0, run.exit(), run.output());
    assertEquals("ok 8 17", run.output().strip());
  }

  private static SystemPython.Run python(String code, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("-c", code));
    command.addAll(List.of(args));
    return SystemPython.run(command, null, Map.of());
  }
}
