package io.seqbind.cli;

import com.google.protobuf.BoolValue;
import com.google.protobuf.FloatValue;
import io.seqbind.core.io.AtomicDirectory;
import io.seqbind.core.io.AtomicFiles;
import io.seqbind.core.io.FastaReader;
import io.seqbind.core.io.PeakWindows;
import io.seqbind.core.io.ReferenceGenome;
import io.seqbind.proto.v1.Alphabet;
import io.seqbind.proto.v1.ExtractMotifsRequest;
import io.seqbind.proto.v1.ExtractMotifsResponse;
import io.seqbind.proto.v1.FilterMotif;
import io.seqbind.proto.v1.MotifSummary;
import io.seqbind.proto.v1.Sequence;
import io.seqbind.proto.v1.SequenceBatch;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code seqbind motifs}: motifs of the first-layer filters, from the subsequences that activate them. */
@Command(
    name = "motifs",
    mixinStandardHelpOptions = true,
    description = "Motifs from a model's first-layer filters (as DeepBind and Basset did): the subsequences of the "
        + "input that activate each filter above a fraction of its maximum, aligned into a frequency matrix. Writes "
        + "OUT/motifs.meme (MEME format, for Tomtom/JASPAR) and OUT/filterN.svg sequence logos, and prints one line "
        + "per filter.")
final class MotifsCommand implements Callable<Integer> {

  @Option(names = "--model", required = true, description = "Model: bundle directory, id, name:version or name.")
  String model;

  @Option(names = "--input", required = true,
      description = "FASTA of sequences (e.g. the positives), or BED/narrowPeak peaks with --genome.")
  Path input;

  @Option(names = "--genome", description = "Indexed reference FASTA: --input is peaks, scanned as windows of "
      + "--window bp centred on their summits.")
  Path genome;

  @Option(names = "--window", defaultValue = "101", description = "Window width in bp for peak input (default: "
      + "${DEFAULT-VALUE}).")
  int window;

  @Option(names = "--threshold", defaultValue = "0.5",
      description = "Fraction of a filter's maximum activation a site must reach (default: ${DEFAULT-VALUE}).")
  float threshold;

  @Option(names = "--both-strands", negatable = true,
      description = "Also scan reverse complements (default: as the model scans).")
  Boolean bothStrands;

  @Option(names = "--out", required = true, description = "Directory for motifs.meme and the logos (created).")
  Path out;

  @Mixin ServiceOptions services;

  @Override
  public Integer call() throws Exception {
    SequenceBatch.Builder batch = SequenceBatch.newBuilder().setAlphabet(Alphabet.ALPHABET_DNA);
    if (genome != null) {
      try (ReferenceGenome reference = ReferenceGenome.open(genome)) {
        new PeakWindows(reference, window).extract(input).windows().forEach(w -> batch.addSequences(
            Sequence.newBuilder().setId(w.id()).setBases(w.sequence())));
      }
    } else {
      FastaReader.readAll(input).forEach(r -> batch.addSequences(Sequence.newBuilder().setId(r.name())
          .setBases(r.sequence())));
    }
    ExtractMotifsRequest.Builder request = ExtractMotifsRequest.newBuilder().setBatch(batch)
        .setThresholdFraction(FloatValue.of(threshold)).setRenderSvg(true).setMeme(true);
    if (bothStrands != null) {
      request.setBothStrands(BoolValue.of(bothStrands));
    }
    OutputDirs.requireFresh(out, "--out");
    try (Services s = services.connect()) {
      request.setModel(s.model(model));
      // The logos and motifs.meme land in a temporary directory renamed to --out at the end.
      AtomicDirectory.write(out, dir -> {
        Iterator<ExtractMotifsResponse> responses = s.variant().extractMotifs(request.build());
        while (responses.hasNext()) {
          ExtractMotifsResponse r = responses.next();
          if (r.hasMotif()) {
            FilterMotif m = r.getMotif();
            System.out.printf(Locale.ROOT, "motif: filter=%d sites=%d information=%.2f max_activation=%.4f%n",
                m.getFilter(), m.getSites(), m.getTotalInformationContent(), m.getMaxActivation());
            if (!m.getSvg().isEmpty()) {
              AtomicFiles.writeText(dir.resolve("filter" + m.getFilter() + ".svg"), w -> w.write(m.getSvg()));
            }
          } else if (r.hasSummary()) {
            MotifSummary summary = r.getSummary();
            AtomicFiles.writeText(dir.resolve("motifs.meme"), w -> w.write(summary.getMeme()));
            summary.getErrorsList().forEach(e -> System.err.println("motifs: skipped " + e.getMessage()));
            System.out.printf("motifs: model=%s sequences=%d filters=%d meme=%s%n", summary.getModelId(),
                summary.getSequences(), summary.getFilters(), out.resolve("motifs.meme"));
          }
        }
      });
    }
    return 0;
  }
}
