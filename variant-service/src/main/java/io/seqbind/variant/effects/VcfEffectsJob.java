package io.seqbind.variant.effects;

import io.seqbind.core.io.AtomicFiles;
import io.seqbind.core.io.ReferenceGenome;
import io.seqbind.proto.v1.GenomicRegion;
import io.seqbind.proto.v1.StrandMode;
import io.seqbind.variant.scoring.WindowScorer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The file-to-file variant effect job the CLI runs: reads a VCF (a region of it through its index when
 * asked), scores it in chunks against an indexed reference, and writes the TSV and, optionally, the
 * annotated VCF. Both outputs are written under temporary names and renamed into place only when the
 * whole input was scored ({@link AtomicFiles}), so a failed run leaves no partial output behind. The VCF
 * is renamed into place just before the TSV; only a failure in between (closing the TSV) would leave the
 * VCF without its TSV.
 */
public final class VcfEffectsJob {

  private final WindowScorer scorer;
  private final int chunkSize;

  public VcfEffectsJob(WindowScorer scorer) {
    this(scorer, EffectRunner.DEFAULT_CHUNK);
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
    try (ReferenceGenome genome = ReferenceGenome.open(reference);
        VcfSource source = region == null
            ? VcfSource.open(vcf)
            : VcfSource.query(vcf, region.getChrom(), region.getStart(), region.getEnd())) {
      EffectRunner runner = new EffectRunner(new EffectEngine(scorer, genome, options), chunkSize);
      EffectTally[] tally = new EffectTally[1];
      AtomicFiles.writeText(tsvOut, tsvWriter -> {
        EffectTsvWriter tsv = new EffectTsvWriter(tsvWriter, options.models(),
            options.strand() == StrandMode.STRAND_MODE_BOTH);
        if (vcfOut == null) {
          tally[0] = runner.run(source, tsv, progress);
        } else {
          AtomicFiles.write(vcfOut, vcfStream -> {
            AnnotatedVcfWriter annotated = new AnnotatedVcfWriter(vcfStream, source.header(), options.models());
            tally[0] = runner.run(source, r -> {
              tsv.accept(r);
              annotated.accept(r);
            }, progress);
            annotated.close();
          });
        }
      });
      return tally[0];
    }
  }
}
