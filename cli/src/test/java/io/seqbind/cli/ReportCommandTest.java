package io.seqbind.cli;

import static io.seqbind.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqbind.cli.CliRun.Result;
import io.seqbind.cli.report.HtmlReport;
import io.seqbind.cli.report.TestScores;
import io.seqbind.core.metrics.Metrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code seqbind report} over a results folder laid out as the pipeline writes it, made here by the real
 * commands (simulate, train, evaluate --scores, variants, mutmap, motifs): every section is filled, and its
 * numbers agree with the files it was drawn from.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportCommandTest {

  @TempDir static Path dir;
  private Path demo;
  private Path results;
  private Path store;

  @BeforeAll
  void makeResults() throws Exception {
    demo = dir.resolve("demo");
    store = dir.resolve("store");
    results = dir.resolve("results").resolve("ctcf");
    Path model = results.resolve("model");
    assertEquals(0, run("simulate", "--out", demo.toString(), "--count", "120", "--seed", "4").code());
    Result train = run("train", "--input", demo.resolve("train.seq.gz").toString(), "--test",
        demo.resolve("test.seq.gz").toString(), "--device", "java", "--calibrate", "2", "--calibration-steps", "60",
        "--ensemble", "1", "--max-steps", "300", "--name", "ctcf", "--model-version", "1", "--store", store.toString(),
        "--out", model.toString());
    assertEquals(0, train.code(), train.err());
    Files.writeString(results.resolve("ctcf.train.log"), train.out());
    Files.createDirectories(results.resolve("evaluate"));
    Result evaluate = run("evaluate", "--model", model.toString(), "--input", demo.resolve("test.seq.gz").toString(),
        "--store", store.toString(), "--scores", results.resolve("evaluate/ctcf.scores.tsv").toString());
    assertEquals(0, evaluate.code(), evaluate.err());
    Files.createDirectories(results.resolve("variants"));
    assertEquals(0, run("variants", "--model", model.toString(), "--vcf", demo.resolve("variants.vcf").toString(),
        "--genome", demo.resolve("genome.fa").toString(), "--out", results.resolve("variants/ctcf.effects.tsv")
            .toString(), "--store", store.toString()).code());
    assertEquals(0, run("mutmap", "--model", model.toString(), "--vcf", demo.resolve("variants.vcf").toString(),
        "--genome", demo.resolve("genome.fa").toString(), "--limit", "4", "--out", results.resolve("mutmap")
            .toString(), "--store", store.toString()).code());
    assertEquals(0, run("motifs", "--model", model.toString(), "--input", demo.resolve("train.fa").toString(),
        "--out", results.resolve("motifs").toString(), "--store", store.toString()).code());
  }

  @Test
  void everySectionIsFilledAndAgreesWithItsSources() throws Exception {
    Path html = dir.resolve("report.html");
    Result r = run("report", "--out", html.toString(), "--title", "CTCF <test>", dir.resolve("results").toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("report: " + html + " (1 models"), r.out());
    String page = Files.readString(html);

    // self-contained: no external references of any kind
    assertFalse(Pattern.compile("(src|href)=\"(?!#)").matcher(page).find(), "external reference in the page");
    assertFalse(page.contains("http://") && page.replace("http://www.w3.org/2000/svg", "").contains("http://"));
    assertTrue(page.contains("<title>CTCF &lt;test&gt;</title>"), "title escaped");
    for (String section : HtmlReport.SECTIONS) {
      assertEquals(1, count(page, "data-section=\"" + section + "\""), section);
    }
    assertFalse(page.contains("class=\"missing\""), "a section lacks its input");

    // ROC/PR: the AUC and AP printed equal the metrics library on the scores file (the evaluate line, too)
    TestScores scores = TestScores.read(results.resolve("evaluate/ctcf.scores.tsv"));
    assertEquals(Files.readString(demo.resolve("test.fa")).chars().filter(c -> c == '>').count(),
        scores.ids().size());
    double auc = Metrics.rocAuc(scores.labels(0), scores.scores(0));
    double ap = Metrics.averagePrecision(scores.labels(0), scores.scores(0));
    assertTrue(page.contains(String.format(Locale.ROOT, "<td>%.4f</td><td>%.4f</td>", auc, ap)), "AUC/AP row");
    assertEquals(1, count(page, "class=\"chart roc\""));
    assertEquals(1, count(page, "class=\"chart pr\""));
    // calibration: 10 reliability rows per task; the search table with 2 settings, one chosen
    assertEquals(1, count(page, " (chosen)</td>"));
    // training curves drawn from the log's progress lines
    assertEquals(2, count(page, "class=\"chart training\""));
    // motifs: 6 logos (of 16 filters), each with a reference match
    assertEquals(6, count(page, "<figure class=\"logo\">"));
    assertEquals(6, count(page, "best match "));
    // mutation maps: 3 of the 4 written
    assertEquals(3, count(page, "<figure class=\"mutmap\">"));
    assertTrue(page.contains("3 of 4 maps"));
    // variants: 10 rows, ordered by |delta|, the first one the effects file's largest
    Matcher deltas = Pattern.compile("<td>[A-Z]&gt;[A-Z]</td><td>[^<]*</td><td>[^<]*</td><td>[^<]*</td><td>([^<]*)</td>")
        .matcher(page);
    double previous = Double.MAX_VALUE;
    int rows = 0;
    while (deltas.find()) {
      double d = Math.abs(Double.parseDouble(deltas.group(1)));
      assertTrue(d <= previous + 1e-4, "effects not ordered by |delta|");
      previous = d;
      rows++;
    }
    assertEquals(10, rows);
    double largest = Files.readAllLines(results.resolve("variants/ctcf.effects.tsv")).stream().skip(1)
        .map(l -> l.split("\t", -1)).filter(f -> f[14].equals("scored")).mapToDouble(f -> Math.abs(
            Double.parseDouble(f[11]))).max().orElseThrow();
    assertTrue(page.contains(String.format(Locale.ROOT, "%.4f</td></tr>", -largest))
        || page.contains(String.format(Locale.ROOT, "%.4f</td></tr>", largest)), "largest effect listed");
    // provenance: the training data's sha256, computed here
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
        Files.readAllBytes(demo.resolve("train.seq.gz"))));
    assertTrue(page.contains("sha256 " + sha), "train sha256 in provenance");
  }

  @Test
  void aBundleAloneStillRendersEverySectionSayingWhatIsMissing() throws Exception {
    Path html = dir.resolve("bundle-only.html");
    Result r = run("report", "--out", html.toString(), results.resolve("model").toString());
    assertEquals(0, r.code(), r.err());
    String page = Files.readString(html);
    // the bundle folder is called "model": its parent (the results folder) is searched too
    assertFalse(page.contains("class=\"missing\""));
    Path lone = dir.resolve("lone-bundle");
    Files.createDirectories(lone);
    Files.copy(results.resolve("model/manifest.json"), lone.resolve("manifest.json"));
    Files.copy(results.resolve("model/model.onnx"), lone.resolve("model.onnx"));
    assertEquals(0, run("report", "--out", html.toString(), lone.toString()).code());
    page = Files.readString(html);
    for (String section : HtmlReport.SECTIONS) {
      assertEquals(1, count(page, "data-section=\"" + section + "\""), section);
    }
    assertTrue(page.contains("no test-set scores (*.scores.tsv"));
    assertTrue(page.contains("no mutation maps"));
  }

  @Test
  void aFolderWithoutModelsIsAOneLineErrorAndWritesNothing() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    Path html = dir.resolve("none.html");
    Result r = run("report", "--out", html.toString(), empty.toString());
    assertEquals(OneLineErrors.BAD_INPUT, r.code());
    assertTrue(r.err().contains(empty + ": no model bundle"), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertFalse(Files.exists(html));
    // a broken scores file names its line
    Path broken = dir.resolve("broken");
    Files.createDirectories(broken.resolve("evaluate"));
    Files.copy(results.resolve("model/manifest.json"), Files.createDirectories(broken.resolve("model"))
        .resolve("manifest.json"));
    Files.writeString(broken.resolve("evaluate/x.scores.tsv"), "id\tlabel:Bound\tscore:Bound\ns1\t1\tzero\n");
    r = run("report", "--out", html.toString(), broken.toString());
    assertEquals(OneLineErrors.BAD_INPUT, r.code());
    assertTrue(r.err().contains("x.scores.tsv:2: 'zero' is not a number"), r.err());
    assertFalse(Files.exists(html));
  }

  private static int count(String text, String what) {
    int n = 0;
    for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) {
      n++;
    }
    return n;
  }

}
