package io.seqbind.variant.effects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.seqbind.core.io.InputFormatException;
import io.seqbind.proto.v1.VariantRecord;
import io.seqbind.variant.testing.Fixture;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop overlaps a chunk's scoring with reading the next, yet the sink sees what one chunk after another
 * gave: every record in order, progress after each chunk, and before a failure the records read before it.
 */
class EffectSessionTest {

  @AutoClose
  final Fixture fx;

  EffectSessionTest(@TempDir Path dir) throws IOException {
    fx = new Fixture(dir);
  }

  /** Record i: an SNV at 40 + 5i, or with {@code badRef} a REF that is not the genome's. */
  private VariantInput input(int i, boolean badRef) {
    int pos = 40 + i * 5;
    char b = fx.genome.contigs.get("chr1").charAt(pos - 1);
    char ref = badRef ? (b == 'A' ? 'C' : 'A') : b;
    return new VariantInput(i, VariantRecord.newBuilder().setChrom("chr1").setPos(pos).setId("v" + i)
        .setRef(String.valueOf(ref)).addAlt(b == 'T' ? "G" : "T").build(), false, "record " + i, null);
  }

  private EffectSession session(List<RecordResult> sink, List<Long> progress) {
    EffectEngine engine = new EffectEngine(fx.windowScorer, fx.reference(), EffectOptions.of(List.of(fx.bind, fx.reg)));
    return new EffectSession(engine, 5, sink::add, t -> progress.add(t.summary().getRecordsRead()));
  }

  @Test
  void everyRecordReachesTheSinkInOrderWithProgressPerChunk() throws Exception {
    List<VariantInput> inputs = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      inputs.add(input(i, false));
    }
    List<RecordResult> sink = new ArrayList<>();
    List<Long> progress = new ArrayList<>();
    EffectTally tally = session(sink, progress).runAll(inputs.iterator());
    assertEquals(23, sink.size());
    List<RecordResult> alone = new EffectEngine(fx.windowScorer, fx.reference(), EffectOptions.of(List.of(fx.bind, fx.reg)))
        .score(inputs);
    for (int i = 0; i < 23; i++) {
      assertEquals(i, sink.get(i).input().index());
      assertEquals(alone.get(i).alleles().get(0).effect(), sink.get(i).alleles().get(0).effect());
    }
    assertEquals(List.of(5L, 10L, 15L, 20L, 23L), progress);
    assertEquals(23, tally.summary().getAllelesScored());
  }

  @Test
  void aRefMismatchStopsTheLoopAfterTheChunksBeforeIt() {
    List<VariantInput> inputs = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      inputs.add(input(i, i == 12)); // in the third chunk (10-14)
    }
    List<RecordResult> sink = new ArrayList<>();
    List<Long> progress = new ArrayList<>();
    RefMismatchException e = assertThrows(RefMismatchException.class,
        () -> session(sink, progress).runAll(inputs.iterator()));
    assertEquals(12, e.index());
    assertEquals(10, sink.size());
    assertEquals(List.of(5L, 10L), progress);
  }

  @Test
  void aRecordThatDoesNotParseStopsTheLoopAfterWhatWasReadBefore() {
    Iterator<VariantInput> source = new Iterator<>() {
      int next;

      @Override
      public boolean hasNext() {
        return true;
      }

      @Override
      public VariantInput next() {
        if (next == 12) {
          throw new InputFormatException("in.vcf", 13, "cannot parse VCF record", "tab-separated columns");
        }
        return input(next++, false);
      }
    };
    List<RecordResult> sink = new ArrayList<>();
    assertThrows(InputFormatException.class, () -> session(sink, new ArrayList<>()).runAll(source));
    assertEquals(10, sink.size()); // chunks 0-4 and 5-9 were full before record 12 was read
  }
}
