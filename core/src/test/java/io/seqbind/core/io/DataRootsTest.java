package io.seqbind.core.io;

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
}
