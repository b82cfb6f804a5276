package io.seqbind.cli.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Training curves from the progress lines {@code seqbind train} prints (its log, e.g. the pipeline's
 * {@code NAME.train.log}): "final model: step 200/5000, loss 0.1004, validation 1.0000" (or "final
 * ensemble (...)"), one line per validation the watcher saw. The manifest keeps only the chosen checkpoint.
 */
public final class TrainingLog {

  /** One validation of the final model (ensemble means). */
  public record Point(long step, double loss, double validation) {}

  private static final Pattern LINE = Pattern.compile(
      "final (?:model|ensemble[^:]*): step (\\d+)/\\d+, loss ([-+0-9.eE]+|NaN), validation ([-+0-9.eE]+|NaN)");

  private TrainingLog() {}

  public static List<Point> read(Path log) throws IOException {
    List<Point> points = new ArrayList<>();
    // \r too: on a terminal the progress line is rewritten in place
    for (String line : Files.readString(log, StandardCharsets.UTF_8).split("[\r\n]+")) {
      Matcher m = LINE.matcher(line);
      if (m.find()) {
        long step = Long.parseLong(m.group(1));
        Point p = new Point(step, Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)));
        if (!points.isEmpty() && points.get(points.size() - 1).step() == step) {
          points.set(points.size() - 1, p);
        } else {
          points.add(p);
        }
      }
    }
    return points;
  }
}
