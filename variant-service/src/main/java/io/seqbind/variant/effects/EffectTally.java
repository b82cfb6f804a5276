package io.seqbind.variant.effects;

import com.google.protobuf.Duration;
import io.seqbind.proto.v1.VariantProgress;
import io.seqbind.proto.v1.VariantSummary;
import java.util.Map;
import java.util.TreeMap;

/** Running counts of a variant run: records read, alleles scored, skips per reason. Not thread-safe. */
public final class EffectTally {

  private final long startNanos = System.nanoTime();
  private long records;
  private long scored;
  private long skipped;
  private final Map<String, Long> byReason = new TreeMap<>();
  private String chrom = "";

  public void add(RecordResult result) {
    records++;
    chrom = result.input().record().getChrom();
    for (AlleleResult a : result.alleles()) {
      if (a.scored()) {
        scored++;
      } else {
        skipped++;
        byReason.merge(a.skipped().getError().getReason().name(), 1L, Long::sum);
      }
    }
  }

  public long records() {
    return records;
  }

  public long allelesScored() {
    return scored;
  }

  public long skipped() {
    return skipped;
  }

  public Map<String, Long> skippedByReason() {
    return Map.copyOf(byReason);
  }

  /** Time since this tally was made, as a protobuf Duration. */
  public Duration elapsed() {
    long nanos = System.nanoTime() - startNanos;
    return Duration.newBuilder().setSeconds(nanos / 1_000_000_000L).setNanos((int) (nanos % 1_000_000_000L)).build();
  }

  public VariantProgress progress() {
    return VariantProgress.newBuilder().setRecordsRead(records).setAllelesScored(scored).setSkipped(skipped)
        .setChrom(chrom).setElapsed(elapsed()).build();
  }

  public VariantSummary summary() {
    return VariantSummary.newBuilder().setRecordsRead(records).setAllelesScored(scored).setSkipped(skipped)
        .putAllSkippedByReason(byReason).setElapsed(elapsed()).build();
  }
}
