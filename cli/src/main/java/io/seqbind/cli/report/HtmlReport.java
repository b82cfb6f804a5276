package io.seqbind.cli.report;

import io.seqbind.core.model.Logits;
import io.seqbind.core.metrics.MetricsProtos;
import io.seqbind.core.simulate.KnownMotifs;
import io.seqbind.proto.v1.CalibrationSummary;
import io.seqbind.proto.v1.CalibrationTrial;
import io.seqbind.proto.v1.FileDigest;
import io.seqbind.proto.v1.ModelInfo;
import io.seqbind.proto.v1.TaskType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One self-contained HTML page for a set of models: per model a summary, ROC and precision-recall curves
 * on the test set, calibration tables, training curves, motif logos with their best reference matches,
 * mutation maps, the strongest variant effects and provenance. Charts are inline SVG, the style sheet is
 * inline, nothing is loaded from anywhere; every section is a {@code <section data-section="...">}, with a
 * line saying why when its input is missing, so a reader (or a test) sees each one.
 */
public final class HtmlReport {

  /** The sections of each model, in page order (the test checks each of them renders). */
  public static final List<String> SECTIONS = List.of("summary", "curves", "calibration", "training", "motifs",
      "mutmaps", "variants", "provenance");

  private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"};

  private final String title;
  private final String generator;
  private final int motifLimit;
  private final int mutmapLimit;
  private final int effectLimit;

  public HtmlReport(String title, String generator, int motifLimit, int mutmapLimit, int effectLimit) {
    this.title = title;
    this.generator = generator;
    this.motifLimit = motifLimit;
    this.mutmapLimit = mutmapLimit;
    this.effectLimit = effectLimit;
  }

  public String render(List<ModelResults> models) throws IOException {
    StringBuilder h = new StringBuilder(1 << 16);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>").append(Html.escape(title)).append("</title><style>").append(CSS).append("</style></head>")
        .append("<body><header><h1>").append(Html.escape(title)).append("</h1><p class=\"meta\">")
        .append(models.size()).append(models.size() == 1 ? " model" : " models").append(", written ")
        .append(Instant.now().toString(), 0, 19).append("Z by ").append(Html.escape(generator))
        .append("</p><nav><ul>");
    for (int m = 0; m < models.size(); m++) {
      h.append("<li><a href=\"#model-").append(m).append("\">").append(Html.escape(models.get(m).displayName()))
          .append("</a></li>");
    }
    h.append("</ul></nav></header>\n");
    for (int m = 0; m < models.size(); m++) {
      model(h, m, models.get(m));
    }
    return h.append("</body></html>\n").toString();
  }

  private void model(StringBuilder h, int index, ModelResults r) throws IOException {
    ModelInfo info = r.info();
    h.append("<article class=\"model\" id=\"model-").append(index).append("\"><h2>")
        .append(Html.escape(r.displayName())).append("</h2>\n");
    TestScores scores = r.scores().isPresent() ? TestScores.read(r.scores().get()) : null;

    open(h, index, "summary", "Summary");
    table(h, List.of("model", "id", "task type", "tasks", "test", "validation", "steps"), List.of(List.of(
        r.displayName(), info.getId().substring(0, Math.min(12, info.getId().length())), taskType(info),
        String.join(", ", info.getTaskNamesList()),
        info.hasTestMetrics() ? MetricsProtos.line(info.getTestMetrics()) : "no test set",
        MetricsProtos.line(info.getValidationMetrics()), Long.toString(info.getSteps()))));
    close(h);

    open(h, index, "curves", "ROC and precision-recall on the test set");
    curves(h, info, scores, r);
    close(h);

    open(h, index, "calibration", "Calibration");
    reliability(h, info, scores, r);
    search(h, info);
    close(h);

    open(h, index, "training", "Training curves");
    training(h, r);
    close(h);

    open(h, index, "motifs", "Motifs of the first-layer filters");
    motifs(h, r);
    close(h);

    open(h, index, "mutmaps", "Mutation maps");
    if (r.mutmaps().isEmpty()) {
      missing(h, "no mutation maps (mutmap/*.svg, from seqbind mutmap) under " + r.root());
    } else {
      h.append("<p>").append(Math.min(mutmapLimit, r.mutmaps().size())).append(" of ").append(r.mutmaps().size())
          .append(" maps: the change in score for every single-base substitution; letter height is the loss "
          + "of score when the base is mutated.</p>");
      for (Path svg : r.mutmaps().subList(0, Math.min(mutmapLimit, r.mutmaps().size()))) {
        h.append("<figure class=\"mutmap\">").append(inlineSvg(svg)).append("<figcaption>")
            .append(Html.escape(svg.getFileName().toString().replaceFirst("\\.svg$", ""))).append("</figcaption></figure>");
      }
    }
    close(h);

    open(h, index, "variants", "Strongest variant effects");
    variants(h, r);
    close(h);

    open(h, index, "provenance", "Provenance");
    provenance(h, r);
    close(h);
    h.append("</article>\n");
  }

  private void curves(StringBuilder h, ModelInfo info, TestScores scores, ModelResults r) {
    if (scores == null) {
      missing(h, "no test-set scores (*.scores.tsv, from seqbind evaluate --scores) under " + r.root());
      return;
    }
    if (info.getTaskType() != TaskType.TASK_TYPE_BINARY) {
      missing(h, "a regression model: ROC and precision-recall curves need binary labels");
      return;
    }
    SvgChart roc = new SvgChart("ROC", "false positive rate", "true positive rate", 0, 1, 0, 1);
    SvgChart pr = new SvgChart("Precision-recall", "recall", "precision", 0, 1, 0, 1);
    roc.add(new SvgChart.Series("chance", "#999", List.of(new Curves.Point(0, 0), new Curves.Point(1, 1)), true));
    List<List<String>> rows = new ArrayList<>();
    for (int t = 0; t < scores.tasks().size(); t++) {
      double[] y = scores.labels(t);
      double[] s = scores.scores(t);
      List<Curves.Point> rocPoints = Curves.roc(y, s);
      List<Curves.Point> prPoints = Curves.precisionRecall(y, s);
      String color = COLORS[t % COLORS.length];
      double auc = Curves.trapezoid(rocPoints);
      double ap = Curves.stepArea(prPoints);
      roc.add(new SvgChart.Series(label(scores.tasks().get(t), "AUC", auc), color, rocPoints, false));
      pr.add(new SvgChart.Series(label(scores.tasks().get(t), "AP", ap), color, prPoints, false));
      rows.add(List.of(scores.tasks().get(t), Integer.toString(count(y, 1)), Integer.toString(count(y, 0)),
          fmt(auc), fmt(ap)));
    }
    h.append("<div class=\"charts\">").append(roc.render("chart roc")).append(pr.render("chart pr")).append("</div>");
    table(h, List.of("task", "positives", "negatives", "ROC AUC", "average precision"), rows);
  }

  private void reliability(StringBuilder h, ModelInfo info, TestScores scores, ModelResults r) {
    h.append("<h4>Reliability on the test set</h4>");
    if (scores == null || info.getTaskType() != TaskType.TASK_TYPE_BINARY) {
      missing(h, scores == null ? "no test-set scores under " + r.root() : "a regression model: no probabilities");
      return;
    }
    h.append("<p>Predicted probability (sigmoid of the score) in ten bins against the share of positives "
        + "observed in each.</p>");
    for (int t = 0; t < scores.tasks().size(); t++) {
      double[] p = scores.scores(t);
      for (int i = 0; i < p.length; i++) {
        p[i] = Logits.probability(p[i]);
      }
      List<List<String>> rows = new ArrayList<>();
      for (Curves.Bin b : Curves.reliability(scores.labels(t), p, 10)) {
        rows.add(List.of(scores.tasks().get(t), fmt(b.from()) + "-" + fmt(b.to()), Integer.toString(b.count()),
            fmt(b.meanScore()), fmt(b.observed())));
      }
      table(h, List.of("task", "bin", "sequences", "mean predicted", "observed positive"), rows);
    }
  }

  private void search(StringBuilder h, ModelInfo info) {
    h.append("<h4>Hyperparameter calibration</h4>");
    if (!info.hasCalibration()) {
      missing(h, "no calibration was run (seqbind train --calibrate N)");
      return;
    }
    CalibrationSummary c = info.getCalibration();
    Map<String, Boolean> keys = new TreeMap<>();
    c.getTrialsList().forEach(t -> t.getValuesMap().keySet().forEach(k -> keys.put(k, true)));
    List<String> header = new ArrayList<>(List.of("setting"));
    header.addAll(keys.keySet());
    header.add("mean " + c.getMetric().name().replaceFirst("^METRIC_KIND_", "").toLowerCase(Locale.ROOT)
        + " over " + c.getFolds() + " folds");
    List<List<String>> rows = new ArrayList<>();
    for (CalibrationTrial t : c.getTrialsList()) {
      List<String> row = new ArrayList<>();
      row.add(t.getIndex() + (t.getIndex() == c.getBestIndex() ? " (chosen)" : ""));
      keys.keySet().forEach(k -> row.add(setting(t.getValuesOrDefault(k, ""))));
      row.add(fmt(t.getMeanMetric()));
      rows.add(row);
    }
    table(h, header, rows);
  }

  private void training(StringBuilder h, ModelResults r) throws IOException {
    List<TrainingLog.Point> points = r.trainingLog().isPresent() ? TrainingLog.read(r.trainingLog().get()) : List.of();
    if (points.isEmpty()) {
      missing(h, r.trainingLog().isPresent() ? "no final-model progress lines in " + r.trainingLog().get()
          : "no training log (*.train.log, seqbind train's output) under " + r.root());
      return;
    }
    long maxStep = points.get(points.size() - 1).step();
    double maxLoss = points.stream().mapToDouble(TrainingLog.Point::loss).filter(Double::isFinite).max().orElse(1);
    List<Curves.Point> loss = points.stream().map(p -> new Curves.Point(p.step(), p.loss())).toList();
    List<Curves.Point> validation = points.stream().map(p -> new Curves.Point(p.step(), p.validation())).toList();
    double vMin = Math.min(0.5, validation.stream().mapToDouble(Curves.Point::y).filter(Double::isFinite).min()
        .orElse(0));
    h.append("<div class=\"charts\">")
        .append(new SvgChart("Training loss", "step", "loss", 0, maxStep, 0, maxLoss * 1.05)
            .add(new SvgChart.Series("loss", COLORS[0], loss, false)).render("chart training"))
        .append(new SvgChart("Validation metric", "step", "metric", 0, maxStep, vMin, 1)
            .add(new SvgChart.Series("validation", COLORS[1], validation, false)).render("chart training"))
        .append("</div><p>").append(points.size()).append(" validations up to step ").append(maxStep)
        .append(", from ").append(Html.escape(r.trainingLog().get().getFileName().toString())).append(".</p>");
  }

  private void motifs(StringBuilder h, ModelResults r) throws IOException {
    if (r.meme().isEmpty()) {
      missing(h, "no motifs (motifs/motifs.meme, from seqbind motifs) under " + r.root());
      return;
    }
    List<MotifMatches.Match> matches = MotifMatches.match(MotifMatches.readMeme(r.meme().get()), KnownMotifs.all());
    h.append("<p>").append(Math.min(motifLimit, matches.size())).append(" of ").append(matches.size())
        .append(" filters, best first by their similarity to a reference motif (").append(Html.escape(String.join(
            ", ", KnownMotifs.names()))).append("; mean column Pearson correlation).</p><div class=\"logos\">");
    for (MotifMatches.Match m : matches.subList(0, Math.min(motifLimit, matches.size()))) {
      Path logo = r.meme().get().resolveSibling(m.filter().name().replace("_", "") + ".svg");
      h.append("<figure class=\"logo\">");
      h.append(Files.isRegularFile(logo) ? inlineSvg(logo) : "<p class=\"missing\">no logo " + Html.escape(
          logo.getFileName().toString()) + "</p>");
      h.append("<figcaption>").append(Html.escape(m.filter().name())).append(", ").append(m.filter().sites())
          .append(" sites; ").append(m.reference() == null ? "no reference overlaps"
              : "best match " + Html.escape(m.reference()) + " r=" + fmt(m.similarity())
                  + (m.reverse() ? " (reverse strand)" : "")).append("</figcaption></figure>");
    }
    h.append("</div>");
  }

  private void variants(StringBuilder h, ModelResults r) throws IOException {
    if (r.effects().isEmpty()) {
      missing(h, "no variant effects (*.effects.tsv, from seqbind variants) under " + r.root());
      return;
    }
    List<Effects.Effect> top = Effects.strongest(r.effects().get(), effectLimit);
    List<List<String>> rows = new ArrayList<>();
    for (Effects.Effect e : top) {
      rows.add(List.of(e.chrom() + ":" + e.pos(), e.id(), e.ref() + ">" + e.alt(), e.task(), fmt(e.refScore()),
          fmt(e.altScore()), fmt(e.delta())));
    }
    h.append("<p>The ").append(top.size()).append(" scored alleles with the largest |alt - ref| score.</p>");
    table(h, List.of("position", "id", "change", "task", "ref score", "alt score", "delta"), rows);
  }

  private void provenance(StringBuilder h, ModelResults r) {
    ModelInfo info = r.info();
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("model id (sha256 of model.onnx)", info.getId()));
    rows.add(List.of("seqbind version", info.getSeqbindVersion()));
    rows.add(List.of("trained on", info.getTrainedOn()));
    rows.add(List.of("written", Instant.ofEpochSecond(info.getCreateTime().getSeconds()).toString()));
    rows.add(List.of("architecture", (info.getArchitecture().getPreset().isEmpty() ? "custom"
        : info.getArchitecture().getPreset()) + ", " + info.getArchitecture().getLayersCount() + " layers"));
    rows.add(List.of("training examples", info.getTrainingData().getExamples() + " read + "
        + info.getTrainingData().getGeneratedNegatives() + " generated negatives, "
        + info.getTrainingData().getTestExamples() + " test"));
    for (FileDigest f : info.getTrainingData().getFilesList()) {
      rows.add(List.of("data: " + f.getRole(), f.getUri() + " (" + f.getSizeBytes() + " bytes, sha256 "
          + f.getSha256() + ")"));
    }
    rows.add(List.of("results folder", r.root().toString()));
    table(h, List.of("what", "value"), rows);
  }

  // ---- small pieces

  private static void open(StringBuilder h, int model, String section, String heading) {
    h.append("<section class=\"section\" data-section=\"").append(section).append("\" id=\"model-").append(model)
        .append('-').append(section).append("\"><h3>").append(Html.escape(heading)).append("</h3>\n");
  }

  private static void close(StringBuilder h) {
    h.append("</section>\n");
  }

  private static void missing(StringBuilder h, String why) {
    h.append("<p class=\"missing\">").append(Html.escape(why)).append("</p>");
  }

  private static void table(StringBuilder h, List<String> header, List<List<String>> rows) {
    h.append("<table><thead><tr>");
    header.forEach(c -> h.append("<th>").append(Html.escape(c)).append("</th>"));
    h.append("</tr></thead><tbody>");
    for (List<String> row : rows) {
      h.append("<tr>");
      row.forEach(c -> h.append("<td>").append(Html.escape(c)).append("</td>"));
      h.append("</tr>");
    }
    h.append("</tbody></table>\n");
  }

  /** An SVG file's markup for inlining: the XML declaration and doctype dropped (invalid inside HTML). */
  static String inlineSvg(Path svg) throws IOException {
    String text = Files.readString(svg, StandardCharsets.UTF_8);
    int start = text.indexOf("<svg");
    if (start < 0) {
      throw new IllegalArgumentException(svg + ": not an SVG file (no <svg element)");
    }
    return text.substring(start).trim();
  }

  /** A sampled setting for the table: numbers to 4 significant digits, enum names without their prefix. */
  static String setting(String value) {
    try {
      String[] parts = String.format(Locale.ROOT, "%.4g", Double.parseDouble(value)).split("e");
      String mantissa = parts[0].contains(".") ? parts[0].replaceFirst("\\.?0+$", "") : parts[0];
      return parts.length == 1 ? mantissa : mantissa + "e" + parts[1];
    } catch (NumberFormatException e) {
      return value.replaceFirst("^[A-Z]+(_[A-Z]+)*_MODE_", "").toLowerCase(Locale.ROOT);
    }
  }

  private static String taskType(ModelInfo info) {
    return info.getTaskType().name().replaceFirst("^TASK_TYPE_", "").toLowerCase(Locale.ROOT);
  }

  private static String label(String task, String what, double value) {
    return task + " " + what + "=" + fmt(value);
  }

  private static int count(double[] labels, double value) {
    int n = 0;
    for (double v : labels) {
      n += v == value ? 1 : 0;
    }
    return n;
  }

  static String fmt(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
  }

  private static final String CSS = "body{font-family:Arial,Helvetica,sans-serif;margin:0 auto;max-width:1280px;"
      + "padding:0 16px;color:#222}h1{margin:16px 0 4px}h2{border-bottom:2px solid #1f77b4;padding-bottom:4px;"
      + "margin-top:32px}h3{margin:20px 0 8px}.meta{color:#555}nav ul{padding-left:18px}"
      + "table{border-collapse:collapse;margin:8px 0;font-size:13px}th,td{border:1px solid #ccc;padding:3px 8px;"
      + "text-align:left}th{background:#f0f4f8}.charts{display:flex;flex-wrap:wrap;gap:16px}"
      + ".logos{display:flex;flex-wrap:wrap;gap:12px}figure{margin:4px 0}figcaption{font-size:12px;color:#444}"
      + "figure svg{max-width:100%;height:auto}section{overflow-x:auto}.mutmap svg{width:100%}.missing{color:#a00;font-style:italic}"
      + "section{margin-bottom:12px}";
}
