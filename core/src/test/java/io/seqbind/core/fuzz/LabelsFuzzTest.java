package io.seqbind.core.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.seqbind.core.io.InputFormatException;
import io.seqbind.core.io.LabelJoin;
import io.seqbind.core.io.LabelTable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Multi-task labels tables (core LabelTableReader, LabelTable) and their joins with a FASTA (LabelJoin, in
 * memory and in lockstep). The first byte picks the mode; the rest is the fuzzed file, joined with a fixed
 * well-formed partner (so the join's own checks run, not only the reader's).
 */
class LabelsFuzzTest {

  private static final Path DIR = FuzzChecks.scratch("labels");
  private static final Path FASTA = text("fixed.fa", ">s1\nACGTACGT\n>s2\nTTGCAACG\n>s3\nGGGGCCCC\n");
  private static final Path LABELS = text("fixed.tsv", "id\tA\tB\ns1\t1\t0.5\ns2\t0\tNA\ns3\t1\t2\n");

  private static Path text(String name, String content) {
    return FuzzChecks.write(DIR.resolve(name), content.getBytes(StandardCharsets.UTF_8));
  }

  @FuzzTest
  void labels(byte[] data) {
    int mode = data.length == 0 ? 0 : (data[0] & 0xff) % 4;
    byte[] input = data.length == 0 ? data : Arrays.copyOfRange(data, 1, data.length);
    Path file = FuzzChecks.write(DIR.resolve(mode == 3 ? "input.fa" : "input.tsv"), input);
    List<String> allowed = List.of(file.toString(), FASTA.toString(), LABELS.toString());
    FuzzChecks.expect(input, allowed, () -> {
      switch (mode) {
        case 0 -> LabelTable.read(file);
        case 1 -> LabelJoin.join(FASTA, file);
        case 2 -> {
          try (LabelJoin.Ordered joined = LabelJoin.inOrder(FASTA, file)) {
            joined.forEachRemaining(r -> { });
          }
        }
        default -> LabelJoin.join(file, LABELS);
      }
    }, InputFormatException.class);
  }

}
