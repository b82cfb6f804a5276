package io.seqbind.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataRootsTest {

  @TempDir
  Path dir;

  @Test
  void pathsMustLieUnderARootAfterDotDotAndLinksAreResolved() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    Path outside = Files.writeString(dir.resolve("secret.txt"), "x");
    Files.writeString(data.resolve("train.seq"), "x");
    DataRoots roots = new DataRoots(List.of(data));

    assertTrue(roots.allows(data.resolve("train.seq")));
    assertTrue(roots.allows(data.resolve("not-yet-there.seq")), "a missing file is NOT_FOUND later, not denied");
    assertFalse(roots.allows(outside));
    assertFalse(roots.allows(data.resolve("../secret.txt")));
    assertFalse(roots.allows(dir.resolve("data-other/train.seq")), "a sibling sharing the prefix is outside");
    Path link = Files.createSymbolicLink(data.resolve("link.txt"), outside);
    assertFalse(roots.allows(link), "a link inside a root that points outside is outside");
    assertTrue(DataRoots.any().allows(outside));
  }

  @Test
  void closedRootsRefuseEveryPathAndSayWhy() throws Exception {
    Path data = Files.writeString(dir.resolve("train.seq"), "x");
    assertFalse(DataRoots.none().allows(data));
    assertFalse(DataRoots.forServer(List.of(), true).allows(data), "auth on and no roots: closed");
    assertTrue(DataRoots.forServer(List.of(), false).allows(data), "auth off and no roots: any path");
    assertTrue(DataRoots.forServer(List.of(dir), true).allows(data), "roots set: they decide, auth or not");
    assertEquals("spec.dataset.train.uri '/x': server-side paths are off because authentication is on and no data"
        + " roots are set; upload the data instead, or ask the operator to set data roots (seqbind serve --data-root"
        + " DIR, seqbind.trainer.data-roots or seqbind.variant.data-roots)",
        DataRoots.none().describeRefusal("spec.dataset.train.uri '/x'"));
    assertEquals("f '/x' is outside the server's data roots [" + dir.toRealPath() + "]",
        new DataRoots(List.of(dir)).describeRefusal("f '/x'"));
  }
}
