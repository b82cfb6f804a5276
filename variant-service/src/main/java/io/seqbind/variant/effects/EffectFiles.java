package io.seqbind.variant.effects;

import htsjdk.variant.vcf.VCFHeader;
import io.seqbind.core.io.AtomicFiles;
import io.seqbind.proto.v1.StrandMode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The outputs of a variant run: the effects TSV and, optionally, the input VCF annotated with them. Both are
 * written under temporary names and renamed into place only when the whole input was scored
 * ({@link AtomicFiles}), so a failed run leaves no partial output behind. The VCF is renamed into place just
 * before the TSV; only a failure in between (closing the TSV) would leave the VCF without its TSV.
 */
public final class EffectFiles {

  /** What fills the files: feeds every scored record to the sink, returns what it tallied. */
  @FunctionalInterface
  public interface Producer<T> {
    T run(EffectSink sink) throws IOException;
  }

  private EffectFiles() {}

  /**
   * @param vcfOut      null for no annotated VCF (a {@code .gz} name is gzip-compressed)
   * @param inputHeader the input VCF's header (the annotated VCF copies it); unused without {@code vcfOut}
   */
  public static <T> T write(Path tsvOut, Path vcfOut, VCFHeader inputHeader, EffectOptions options,
      Producer<T> producer) throws IOException {
    List<T> tally = new ArrayList<>(1);
    AtomicFiles.writeText(tsvOut, tsvWriter -> {
      EffectTsvWriter tsv = new EffectTsvWriter(tsvWriter, options.models(),
          options.strand() == StrandMode.STRAND_MODE_BOTH);
      if (vcfOut == null) {
        tally.add(producer.run(tsv));
      } else {
        AtomicFiles.write(vcfOut, vcfStream -> {
          AnnotatedVcfWriter annotated = new AnnotatedVcfWriter(vcfStream, inputHeader, options.models());
          tally.add(producer.run(r -> {
            tsv.accept(r);
            annotated.accept(r);
          }));
          annotated.close();
        });
      }
    });
    return tally.get(0);
  }
}
