package io.seqbind.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a signal finds half-written is what the shutdown hook removes; a finished write leaves nothing pending. */
class PendingOutputsTest {

  @TempDir
  Path dir;

  private Path pendingIn(Path parent) {
    return PendingOutputs.pending().stream().filter(p -> p.getParent().equals(parent)).findFirst().orElseThrow();
  }

  private List<Path> listing() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.toList();
    }
  }

  @Test
  void aFileBeingWrittenIsPendingAndTheHookRemovesIt() throws Exception {
    Path target = dir.resolve("effects.tsv.gz");
    assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
      Path tmp = pendingIn(dir);
      assertTrue(tmp.getFileName().toString().startsWith(".effects.tsv.gz."), tmp.toString());
      out.write(new byte[1 << 20]);
      PendingOutputs.removeAll(); // what the shutdown hook does when SIGTERM arrives now
      assertFalse(Files.exists(tmp));
      throw new IOException("stopped");
    }));
    assertEquals(List.of(), listing());
  }

  @Test
  void aDirectoryBeingFilledIsPendingAndTheHookRemovesItWithItsFiles() throws Exception {
    Path target = dir.resolve("maps");
    assertThrows(IOException.class, () -> AtomicDirectory.write(target, tmp -> {
      AtomicFiles.writeText(tmp.resolve("a.svg"), w -> w.write("<svg/>"));
      assertEquals(tmp, pendingIn(dir));
      PendingOutputs.removeAll();
      assertFalse(Files.exists(tmp));
      throw new IOException("stopped");
    }));
    assertEquals(List.of(), listing());
  }

  @Test
  void finishedWritesLeaveNothingPending() throws Exception {
    AtomicFiles.writeText(dir.resolve("done.txt"), w -> w.write("ok"));
    assertTrue(PendingOutputs.pending().stream().noneMatch(p -> p.startsWith(dir)));
    assertEquals("ok", Files.readString(dir.resolve("done.txt")));
  }
}
