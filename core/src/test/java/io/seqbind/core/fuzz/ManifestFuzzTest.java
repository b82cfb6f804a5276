package io.seqbind.core.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.seqbind.core.bundle.BundleException;
import io.seqbind.core.bundle.ModelBundle;
import io.seqbind.core.model.InvalidSpecException;
import io.seqbind.core.model.SpecProtos;
import io.seqbind.proto.v1.ModelInfo;
import java.nio.file.Path;
import java.util.List;

/**
 * A bundle's manifest.json (core ModelBundle.readManifest) and the architecture it declares (what
 * ModelBundle.spec() builds): a BundleException for a manifest that is not one, an InvalidSpecException for an
 * architecture that cannot be built.
 */
class ManifestFuzzTest {

  private static final Path DIR = FuzzChecks.scratch("manifest");

  @FuzzTest
  void manifest(byte[] input) {
    Path file = FuzzChecks.write(DIR.resolve(ModelBundle.MANIFEST), input);
    ModelInfo[] info = new ModelInfo[1];
    List<String> allowed = List.of(file.toString(), DIR.toString());
    Throwable failed = FuzzChecks.expect(input, allowed, () -> info[0] = ModelBundle.readManifest(DIR),
        BundleException.class);
    if (failed == null && info[0].hasArchitecture()) {
      FuzzChecks.expect(input, allowed, () -> SpecProtos.fromProto(info[0].getArchitecture()),
          InvalidSpecException.class);
    }
  }
}
