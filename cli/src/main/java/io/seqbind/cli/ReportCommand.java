package io.seqbind.cli;

import io.seqbind.cli.report.HtmlReport;
import io.seqbind.cli.report.ModelResults;
import io.seqbind.core.io.AtomicFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code seqbind report}: one self-contained HTML page about trained models and what was computed from them. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Write one self-contained HTML report (inline SVG, no network) about models: per model the test metrics, "
          + "ROC and precision-recall curves, calibration tables, training curves, motif logos with their best "
          + "reference matches, mutation maps, the strongest variant effects and provenance.",
      "Each MODEL_OR_RESULTS is a bundle folder (model.onnx + manifest.json), a folder holding model/ and what the "
          + "other commands wrote beside it (NAME.train.log, evaluate/NAME.scores.tsv from evaluate --scores, "
          + "motifs/, mutmap/, variants/NAME.effects.tsv: the pipeline's NAME/ folders), or a folder of those "
          + "(the pipeline's --outdir). Sections whose files are missing say so."
    })
final class ReportCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "MODEL_OR_RESULTS", description = "Bundle or results folders.")
  List<Path> inputs;

  @Option(names = "--out", required = true, description = "The HTML file to write (written whole or not at all).")
  Path out;

  @Option(names = "--title", defaultValue = "seqbind report", description = "Page title (default: ${DEFAULT-VALUE}).")
  String title;

  @Option(names = "--motifs", defaultValue = "6", description = "Filter logos per model (default: ${DEFAULT-VALUE}).")
  int motifs;

  @Option(names = "--mutmaps", defaultValue = "3", description = "Mutation maps per model (default: ${DEFAULT-VALUE}).")
  int mutmaps;

  @Option(names = "--effects", defaultValue = "10",
      description = "Strongest variant effects listed per model (default: ${DEFAULT-VALUE}).")
  int effects;

  @Override
  public Integer call() throws Exception {
    if (motifs < 0 || mutmaps < 0 || effects < 0) {
      throw new IllegalArgumentException("--motifs, --mutmaps and --effects must be >= 0");
    }
    if (Files.isDirectory(out)) {
      throw new IllegalArgumentException("--out " + out + " is a folder, expected an HTML file name");
    }
    List<ModelResults> models = new ArrayList<>();
    for (Path input : inputs) {
      models.addAll(ModelResults.find(input));
    }
    String generator = new VersionProvider().getVersion()[0];
    String html = new HtmlReport(title, generator, motifs, mutmaps, effects).render(models);
    AtomicFiles.writeText(out, w -> w.write(html));
    System.out.printf("report: %s (%d models, %d bytes)%n", out, models.size(), Files.size(out));
    return 0;
  }
}
