package io.seqbind.variant.effects;

import io.seqbind.proto.v1.GenomicRegion;
import io.seqbind.variant.scoring.WindowScorer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The file-to-file variant effect job: scores a VCF (a region of it through its index when asked) with
 * {@link VcfScoring} and writes the TSV and, optionally, the annotated VCF through {@link EffectFiles}
 * (temporary names renamed into place only when the whole input was scored).
 */
public final class VcfEffectsJob {

  private final WindowScorer scorer;
  private final int chunkSize;

  public VcfEffectsJob(WindowScorer scorer) {
    this(scorer, EffectSession.DEFAULT_CHUNK);
  }

  public VcfEffectsJob(WindowScorer scorer, int chunkSize) {
    this.scorer = scorer;
    this.chunkSize = chunkSize;
  }

  /**
   * @param region    null for the whole file
   * @param vcfOut    null for no annotated VCF (a {@code .gz} name is gzip-compressed)
   * @param progress  called after each chunk
   * @throws RefMismatchException, io.seqbind.core.io.InputFormatException, VcfSource.MissingIndexException
   */
  public EffectTally run(Path vcf, GenomicRegion region, Path reference, EffectOptions options, Path tsvOut,
      Path vcfOut, Consumer<EffectTally> progress) throws IOException {
    try (VcfScoring scoring = VcfScoring.open(scorer, chunkSize, vcf, region, reference, options)) {
      return EffectFiles.write(tsvOut, vcfOut, scoring.header(), options, sink -> scoring.score(sink, progress));
    }
  }
}
