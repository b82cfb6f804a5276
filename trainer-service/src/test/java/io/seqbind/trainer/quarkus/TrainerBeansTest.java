package io.seqbind.trainer.quarkus;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Quarkus service's switch: authentication on (a tokens file) and no data roots closes server paths. */
class TrainerBeansTest {

  private final TrainerBeans beans = new TrainerBeans();

  @Test
  void aTokensFileWithoutDataRootsClosesServerPaths() {
    Path anywhere = Path.of("/srv/data/train.seq");
    assertTrue(beans.dataRoots(Optional.empty(), Optional.of("/etc/seqbind/tokens")).closed());
    assertFalse(beans.dataRoots(Optional.empty(), Optional.of("/etc/seqbind/tokens")).allows(anywhere));
    assertTrue(beans.dataRoots(Optional.empty(), Optional.empty()).allows(anywhere), "no auth, no roots: any path");
    assertTrue(beans.dataRoots(Optional.empty(), Optional.of(" ")).allows(anywhere), "a blank setting is unset");
    assertTrue(beans.dataRoots(Optional.of(List.of(Path.of("/srv/data"))), Optional.of("/etc/seqbind/tokens"))
        .allows(anywhere), "roots set: they decide");
    assertFalse(beans.dataRoots(Optional.of(List.of(Path.of("/srv/data"))), Optional.of("/etc/seqbind/tokens"))
        .allows(Path.of("/etc/passwd")));
  }
}
