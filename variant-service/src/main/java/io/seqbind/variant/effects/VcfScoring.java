package io.seqbind.variant.effects;

import htsjdk.variant.vcf.VCFHeader;
import io.grpc.Status;
import io.seqbind.core.io.Quoted;
import io.seqbind.core.io.ReferenceGenome;
import io.seqbind.proto.v1.GenomicRegion;
import io.seqbind.variant.scoring.WindowScorer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * A VCF (or one region of it, through its index) opened against an indexed reference, ready to be scored
 * through the {@link EffectSession} loop: what ScoreVcf and {@link VcfEffectsJob} share. Opening checks the
 * region against the reference; {@link #header()} is there for writers that copy it (the annotated VCF).
 * Made by {@link #open}, which owns what it opened until {@link #close}.
 */
public record VcfScoring(ReferenceGenome genome, VcfSource source, EffectEngine engine, int chunkSize)
    implements AutoCloseable {

  /**
   * @param region null for the whole file; start/end 0 mean the contig's ends
   * @throws IllegalArgumentException for a region with start past end; NOT_FOUND status for a region contig
   *     the reference lacks; InputFormatException, VcfSource.MissingIndexException from the readers
   */
  public static VcfScoring open(WindowScorer scorer, int chunkSize, Path vcf, GenomicRegion region, Path reference,
      EffectOptions options) {
    ReferenceGenome genome = ReferenceGenome.open(reference);
    try {
      VcfSource source = region == null ? VcfSource.open(vcf) : query(vcf, region, genome);
      return new VcfScoring(genome, source, new EffectEngine(scorer, genome, options), chunkSize);
    } catch (RuntimeException e) {
      genome.close();
      throw e;
    }
  }

  private static VcfSource query(Path vcf, GenomicRegion region, ReferenceGenome genome) {
    if (genome.contigLength(region.getChrom()) < 0) {
      throw Status.NOT_FOUND.withDescription("region contig " + Quoted.token(region.getChrom())
          + " is not in the reference " + genome.file() + ", expected one of " + preview(genome.contigNames()))
          .asRuntimeException();
    }
    if (region.getStart() < 0 || region.getEnd() < 0
        || (region.getEnd() > 0 && region.getEnd() < Math.max(1, region.getStart()))) {
      throw new IllegalArgumentException("region " + region.getChrom() + ":" + region.getStart() + "-"
          + region.getEnd() + ", expected 1 <= start <= end (0 for the contig's ends)");
    }
    return VcfSource.query(vcf, region.getChrom(), region.getStart(), region.getEnd());
  }

  private static String preview(List<String> names) {
    return names.size() <= 10 ? names.toString() : names.subList(0, 10) + " and " + (names.size() - 10) + " more";
  }

  /** The input VCF's header. */
  public VCFHeader header() {
    return source.header();
  }

  /** Scores every record into {@code sink}; {@code progress} sees the tally after each chunk. */
  public EffectTally score(EffectSink sink, Consumer<EffectTally> progress) throws IOException {
    return new EffectSession(engine, chunkSize, sink, progress).runAll(source);
  }

  @Override
  public void close() {
    try {
      source.close();
    } finally {
      genome.close();
    }
  }
}
