package io.seqbind.trainer.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.seqbind.trainer.data.DataSource;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataBudgetTest {

  @TempDir
  Path dir;

  @Test
  void dataThatFitsHalfTheHeapPasses() throws Exception {
    Path seq = Files.write(dir.resolve("x.seq"), new byte[1 << 20]);
    DataBudget.check(DataSource.of(seq), "training", 8L << 20); // 3 MiB needed, 4 MiB for data
  }

  @Test
  void dataBeyondItIsTooLargeBeforeAByteIsRead() throws Exception {
    Path seq = Files.write(dir.resolve("x.seq"), new byte[2 << 20]);
    InvalidJobException e = assertThrows(InvalidJobException.class,
        () -> DataBudget.check(DataSource.of(seq), "training", 8L << 20));
    assertEquals(InvalidJobException.Kind.TOO_LARGE, e.kind());
    assertEquals("the training data (2 MiB of text) needs about 6 MiB of memory; this server has 4 MiB for data"
        + " (give the trainer more memory, or train on fewer or shorter sequences)", e.getMessage());
  }

  @Test
  void gzipFilesCountByTheirExpectedGrowth() throws Exception {
    Path gz = dir.resolve("x.seq.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(new byte[4 << 20]); // zeros compress to a few KiB ...
    }
    long size = Files.size(gz);
    long heap = size * DataBudget.GZIP_GROWTH * DataBudget.HEAP_PER_BYTE * 2;
    DataBudget.check(DataSource.of(gz), "training", heap); // ... counted as 5x their size
    assertThrows(InvalidJobException.class, () -> DataBudget.check(DataSource.of(gz), "training", heap - 4));
  }

  @Test
  void aDeviceIsNotADataFile() {
    InvalidJobException e = assertThrows(InvalidJobException.class,
        () -> DataBudget.check(DataSource.of(Path.of("/dev/zero")), "training", 1L << 30));
    assertEquals("/dev/zero: not a regular file (the training data), expected a file", e.getMessage());
  }
}
