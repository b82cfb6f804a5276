package io.seqbind.cli;

import com.google.protobuf.Int32Value;
import io.seqbind.core.io.ReferenceGenome;
import io.seqbind.proto.v1.GenomicRegion;
import io.seqbind.proto.v1.ModelRef;
import io.seqbind.proto.v1.RefMismatchPolicy;
import io.seqbind.proto.v1.ScoreVcfRequest;
import io.seqbind.proto.v1.StrandMode;
import io.seqbind.proto.v1.VariantScoringOptions;
import io.seqbind.proto.v1.VariantServiceGrpc.VariantServiceStub;
import io.seqbind.proto.v1.VariantSummary;
import io.seqbind.variant.effects.EffectFiles;
import io.seqbind.variant.effects.EffectOptions;
import io.seqbind.variant.effects.VcfSource;
import io.seqbind.variant.scoring.ScoringModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code seqbind variants}: the effect of every VCF variant on every model's score, through the variant
 * service's ScoreVcf (in this process, or at --endpoint), written by {@link EffectFiles} as before.
 */
@Command(
    name = "variants",
    mixinStandardHelpOptions = true,
    description = {
      "Score variant effects: for each VCF record, ALT allele and model, the model-length window centred on the "
          + "variant (alt window re-centred for indels) from the indexed reference, ref and alt scored through the "
          + "scorer service; reports ref, alt, delta and, for binary models, the log-odds ratio.",
      "--out X.tsv writes one row per variant x model; --out X.vcf[.gz] writes the VCF annotated with INFO keys per "
          + "model (header lines describe them) and the TSV beside it (X.tsv) unless --tsv names it. Input order is "
          + "kept; files are written under temporary names and renamed when complete."
    })
final class VariantsCommand implements Callable<Integer> {

  @Mixin ModelsOption models;

  @Mixin ServiceOptions services;

  @Option(names = "--vcf", required = true, description = "VCF or VCF.gz (bgzip + .tbi/.csi index for --region).")
  Path vcf;

  @Option(names = "--genome", required = true, description = "Reference FASTA with .fai (and .gzi when bgzipped).")
  Path genome;

  @Option(names = "--out", required = true, description = "effects.tsv, or effects.vcf[.gz] for an annotated VCF.")
  Path out;

  @Option(names = "--tsv", description = "TSV beside an annotated VCF (default: --out with .tsv).")
  Path tsv;

  @Option(names = "--region", description = "Only records in CHROM:START-END (1-based, inclusive) or CHROM.")
  String region;

  @Option(names = "--ref-mismatch", defaultValue = "error",
      description = "A REF that differs from the reference: error, skip or warn (default: ${DEFAULT-VALUE}).")
  String refMismatch;

  @Option(names = "--strand", defaultValue = "model",
      description = "model (as the model scans) or both (also each strand's scores) (default: ${DEFAULT-VALUE}).")
  String strand;

  @Option(names = "--window", description = "Window length (default: each model's own).")
  Integer window;

  @Option(names = "--pass-only", description = "Skip records whose FILTER is not PASS.")
  boolean passOnly;

  @Override
  public Integer call() throws Exception {
    String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
    boolean annotatedVcf = name.endsWith(".vcf") || name.endsWith(".vcf.gz");
    if (!annotatedVcf && !name.endsWith(".tsv")) {
      throw new IllegalArgumentException("--out " + out + ": expected a .tsv, .vcf or .vcf.gz name");
    }
    Path tsvOut = !annotatedVcf ? out
        : tsv != null ? tsv : out.resolveSibling(out.getFileName().toString().replaceFirst("(?i)\\.vcf(\\.gz)?$", ".tsv"));
    GenomicRegion parsedRegion = region == null ? null : parseRegion(region);
    RefMismatchPolicy policy = Choices.parse("--ref-mismatch", refMismatch, RefMismatchPolicy.class,
        "REF_MISMATCH_POLICY_");
    StrandMode strandMode = MutmapCommand.strandMode(strand);
    try (Services s = services.connect()) {
      List<ModelRef> refs = models.refs(s);
      List<ScoringModel> scoring = new ArrayList<>();
      for (ModelRef ref : refs) {
        scoring.add(ScoringModel.of(s.modelInfo(ref), window)); // the writers' column names and INFO keys
      }
      EffectOptions options = new EffectOptions(scoring, strandMode, policy, passOnly);
      VariantScoringOptions.Builder request = VariantScoringOptions.newBuilder().addAllModels(refs)
          .setStrand(strandMode).setRefMismatch(policy).setPassOnly(passOnly);
      if (window != null) {
        request.setWindowLength(Int32Value.of(window));
      }
      // A variant service in this process reads --vcf and --genome (over the remote scorer with --endpoint); this
      // command reads them too: the readers name a bad file first, and the annotated VCF copies the VCF's lines.
      ReferenceGenome.open(genome).close();
      VariantServiceStub variants = s.variantForLocalFiles();
      try (VcfSource local = parsedRegion == null ? VcfSource.open(vcf)
          : VcfSource.query(vcf, parsedRegion.getChrom(), parsedRegion.getStart(), parsedRegion.getEnd())) {
        ScoreVcfRequest.Builder scoreVcf = ScoreVcfRequest.newBuilder().setVcfUri(vcf.toAbsolutePath().toString())
            .setReferenceUri(genome.toAbsolutePath().toString()).setOptions(request);
        if (parsedRegion != null) {
          scoreVcf.setRegion(parsedRegion);
        }
        // Both files are renamed into place only when the stream ended with its summary.
        VariantSummary summary = EffectFiles.write(tsvOut, annotatedVcf ? out : null, local.header(), options,
            sink -> VcfEffectsClient.run(variants, scoreVcf.build(), local, sink, p -> System.err.printf(
                "variants: %d records, %d alleles scored, %d skipped%n", p.getRecordsRead(), p.getAllelesScored(),
                p.getSkipped())));
        Map<String, Long> byReason = new TreeMap<>(summary.getSkippedByReasonMap());
        System.out.printf("variants: records=%d scored=%d skipped=%d%s%n", summary.getRecordsRead(),
            summary.getAllelesScored(), summary.getSkipped(), byReason.isEmpty() ? "" : " " + byReason);
      }
      System.out.println("effects: " + tsvOut + (annotatedVcf ? " " + out : ""));
    }
    return 0;
  }

  /** CHROM, or CHROM:START-END with 1-based inclusive coordinates (commas allowed). */
  static GenomicRegion parseRegion(String text) {
    var m = java.util.regex.Pattern.compile("([^:]+)(?::([\\d,]+)-([\\d,]+))?").matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("--region '" + text + "': expected CHROM or CHROM:START-END");
    }
    GenomicRegion.Builder r = GenomicRegion.newBuilder().setChrom(m.group(1));
    if (m.group(2) != null) {
      r.setStart(Long.parseLong(m.group(2).replace(",", ""))).setEnd(Long.parseLong(m.group(3).replace(",", "")));
      if (r.getStart() < 1 || r.getEnd() < r.getStart()) {
        throw new IllegalArgumentException("--region '" + text + "': expected 1 <= START <= END");
      }
    }
    return r.build();
  }
}
