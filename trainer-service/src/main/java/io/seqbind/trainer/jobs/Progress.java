package io.seqbind.trainer.jobs;

import com.google.protobuf.DoubleValue;
import io.seqbind.proto.v1.JobPhase;
import io.seqbind.proto.v1.JobProgress;
import java.util.Locale;

/** Turns the engine's callbacks into the contract's progress snapshots, and stops the work when cancelled. */
final class Progress {

  /** Unwinds the engine from inside a callback when the job is cancelled. */
  static final class Cancelled extends RuntimeException {
    Cancelled() {
      super("cancelled", null, false, false);
    }
  }

  private final JobContext context;

  Progress(JobContext context) {
    this.context = context;
  }

  void phase(JobPhase phase, double fraction, String message) {
    check();
    context.progress(JobProgress.newBuilder().setPhase(phase).setFractionDone(fraction).setMessage(message).build());
  }

  void calibrating(int group, int groups, int inGroup, int settings, int folds, int step, int total, double metric) {
    check();
    double fraction = 0.02 + 0.78 * (group + (double) step / total) / groups;
    context.progress(JobProgress.newBuilder().setPhase(JobPhase.JOB_PHASE_CALIBRATING)
        .setSettings(settings).setFolds(folds).setStep(step).setTotalSteps(total).setFractionDone(fraction)
        .setValidationMetric(DoubleValue.of(metric))
        .setMessage(String.format(Locale.ROOT, "architecture group %d/%d (%d settings x %d folds at once): step %d/%d,"
            + " mean held-out metric %.4f", group + 1, groups, inGroup, folds, step, total, metric))
        .build());
  }

  /** A validation of the final models: their mean loss and metric, and how many still train. */
  void training(int step, int total, double[] loss, double[] metric, boolean[] active, double from, double to) {
    check();
    double meanLoss = java.util.Arrays.stream(loss).average().orElse(Double.NaN);
    double meanMetric = java.util.Arrays.stream(metric).average().orElse(Double.NaN);
    int training = 0;
    for (boolean a : active) {
      training += a ? 1 : 0;
    }
    String what = loss.length == 1 ? "final model" : String.format(Locale.ROOT, "final ensemble (%d models, %d "
        + "training, means)", loss.length, training);
    context.progress(JobProgress.newBuilder().setPhase(JobPhase.JOB_PHASE_TRAINING).setStep(step).setTotalSteps(total)
        .setFractionDone(from + (to - from) * step / total).setLoss(DoubleValue.of(meanLoss))
        .setValidationMetric(DoubleValue.of(meanMetric))
        .setMessage(String.format(Locale.ROOT, "%s: step %d/%d, loss %.4f, validation %.4f", what, step, total,
            meanLoss, meanMetric))
        .build());
  }

  private void check() {
    if (context.cancelled()) {
      throw new Cancelled();
    }
  }
}
