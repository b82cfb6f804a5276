package io.seqbind.cli;

import io.seqbind.core.simulate.DemoData;
import io.seqbind.core.simulate.DemoDataWriter;
import io.seqbind.core.simulate.KnownMotifs;
import io.seqbind.core.simulate.SimulationConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code seqbind simulate}: writes the demo data set (genome, peaks, sequence tables, VCF) for a seed. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
      "Write a simulated data set with planted binding sites of known motifs: a synthetic genome FASTA "
          + "(+ .fai, .dict), ENCODE narrowPeak peaks, the planted sites (BED), DeepBind train/test tables "
          + "(.seq.gz, one label column per motif) and FASTA, and a VCF with variants inside and outside sites.",
      "Same seed, same bytes."
    })
final class SimulateCommand implements Callable<Integer> {

  @Option(names = "--out", required = true, description = "Output directory (created if missing).")
  Path out;

  @Option(names = "--seed", defaultValue = "" + SimulationConfig.DEFAULT_SEED, description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--motif", split = ",", paramLabel = "NAME",
      description = "Motif to plant, one task each; repeat or comma-separate (default: CTCF). Known: ${COMPLETION-CANDIDATES}.",
      completionCandidates = MotifNames.class)
  List<String> motifs = SimulationConfig.DEFAULT_MOTIFS;

  @Option(names = "--count", defaultValue = "" + SimulationConfig.DEFAULT_COUNT,
      description = "Number of peaks (positives); as many background windows become negatives (default: ${DEFAULT-VALUE}).")
  int count;

  @Option(names = "--length", defaultValue = "" + SimulationConfig.DEFAULT_LENGTH,
      description = "Sequence length of the train/test tables in bp (default: ${DEFAULT-VALUE}).")
  int length;

  @Option(names = "--gc", defaultValue = "" + SimulationConfig.DEFAULT_GC,
      description = "GC fraction of the genome background (default: ${DEFAULT-VALUE}).")
  double gc;

  @Override
  public Integer call() throws Exception {
    SimulationConfig config = SimulationConfig.defaults()
        .withSeed(seed).withMotifs(motifs).withCount(count).withLength(length).withGc(gc);
    DemoData data = DemoDataWriter.write(config, out);
    System.out.printf("simulated %d peaks with %d planted %s sites on %d contigs (%d bp); "
            + "train=%d test=%d variants=%d (%d in sites)%n",
        data.peakCount(), data.siteCount(), String.join("+", config.motifs()), data.contigs(),
        data.genomeLength(), data.trainCount(), data.testCount(), data.variantCount(), data.motifVariantCount());
    for (Path file : data.files()) {
      System.out.println("  " + file);
    }
    return 0;
  }

  /** The motif names for {@code --help}. */
  static final class MotifNames implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return KnownMotifs.names().iterator();
    }
  }
}
