package io.seqbind.cli;

import io.seqbind.trainer.engine.ProgressListener;
import java.util.Locale;

/**
 * Training progress for a person: an updating bar on a terminal, one plain line per validation in logs
 * and pipes (Nextflow, Galaxy), so captured output stays readable.
 */
final class ProgressPrinter implements ProgressListener {

  private static final int BAR = 30;

  private final int maxSteps;
  private final boolean terminal = System.console() != null;
  private final long start = System.nanoTime();

  ProgressPrinter(int maxSteps) {
    this.maxSteps = maxSteps;
  }

  @Override
  public void onValidation(int step, double[] trainLoss, double[] metric, boolean[] active) {
    double seconds = (System.nanoTime() - start) / 1e9;
    String status = String.format(Locale.ROOT, "step %d/%d loss %.4f validation %.4f (%.0f s)", step, maxSteps,
        trainLoss[0], metric[0], seconds);
    if (terminal) {
      int filled = (int) Math.round(BAR * Math.min(1.0, step / (double) maxSteps));
      System.out.print("\r[" + "#".repeat(filled) + " ".repeat(BAR - filled) + "] " + status + (active[0] ? "" : "\n"));
      System.out.flush();
    } else {
      System.out.println(status);
    }
  }
}
