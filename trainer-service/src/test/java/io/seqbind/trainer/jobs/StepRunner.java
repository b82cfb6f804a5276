package io.seqbind.trainer.jobs;

import io.seqbind.core.io.Sha256;
import io.seqbind.proto.v1.JobPhase;
import io.seqbind.proto.v1.JobProgress;
import io.seqbind.proto.v1.JobSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * A deterministic stand-in for the training runner. Each of {@code steps} steps folds the previous step's value
 * into a sha256 and writes it to {@code <workDir>/step-<k>} (its checkpoint); the "model id" is the last value,
 * so a resumed run gives the id of an uninterrupted one only if it really continued from its checkpoints. The
 * job's description steers it: "reject" fails validation, "bad-data" and "crash" fail the run.
 */
public final class StepRunner implements JobRunner {

  public final int steps;
  /** Model names, in the order run() was called. */
  public final List<String> started = Collections.synchronizedList(new ArrayList<>());
  /** Steps computed (not read from a checkpoint), per model name. */
  public final Map<String, List<Integer>> computed = new ConcurrentHashMap<>();
  /** Counted down when a run reaches {@link #blockAt} (before computing that step). */
  public final CountDownLatch reached = new CountDownLatch(1);
  /** What a blocked run waits for. */
  public final CountDownLatch release = new CountDownLatch(1);
  private volatile int blockAt = -1;
  private volatile long stepMillis;

  public StepRunner(int steps) {
    this.steps = steps;
  }

  /** Every run stops before computing step {@code step} until {@link #release} is counted down. */
  public StepRunner blockAt(int step) {
    this.blockAt = step;
    return this;
  }

  public StepRunner stepMillis(long millis) {
    this.stepMillis = millis;
    return this;
  }

  @Override
  public void validate(JobSpec spec) throws InvalidJobException {
    if (spec.getDescription().contains("reject")) {
      throw new InvalidJobException("line 7: label 'x' is not 0 or 1", "/data/train.seq", 7, null);
    }
    if (spec.getDescription().contains("missing")) {
      throw new InvalidJobException(InvalidJobException.Kind.MISSING_FILE, "/data/absent.seq: no such file",
          "/data/absent.seq", 0, null);
    }
    if (spec.getDescription().contains("no-gpu")) {
      throw new InvalidJobException(InvalidJobException.Kind.DEVICE_ABSENT, "device 'gpu' asked for, but there is no"
          + " OpenCL GPU", "", 0, null);
    }
  }

  @Override
  public String run(JobSpec spec, Path workDir, JobContext context) throws Exception {
    String name = spec.getModel().getName();
    started.add(name);
    if (spec.getDescription().contains("bad-data")) {
      throw new InvalidJobException("label 'maybe' is not a number", "/data/labels.tsv", 12, null);
    }
    if (spec.getDescription().contains("crash")) {
      throw new IllegalStateException("the device went away");
    }
    String value = "seed:" + name;
    for (int step = 1; step <= steps; step++) {
      Path checkpoint = workDir.resolve("step-" + step);
      if (Files.exists(checkpoint)) {
        value = Files.readString(checkpoint, StandardCharsets.UTF_8);
        continue;
      }
      if (context.cancelled()) {
        throw new JobCancelledException();
      }
      if (step == blockAt) {
        reached.countDown();
        release.await();
      }
      if (stepMillis > 0) {
        Thread.sleep(stepMillis);
      }
      value = Sha256.of((value + ":" + step).getBytes(StandardCharsets.UTF_8));
      write(checkpoint, value);
      computed.computeIfAbsent(name, n -> Collections.synchronizedList(new ArrayList<>())).add(step);
      context.progress(JobProgress.newBuilder().setPhase(JobPhase.JOB_PHASE_TRAINING).setStep(step)
          .setTotalSteps(steps).setFractionDone((double) step / steps).setMessage("step " + step + "/" + steps)
          .build());
    }
    return value;
  }

  private static void write(Path file, String value) throws IOException {
    io.seqbind.core.io.AtomicFiles.writeText(file, out -> out.write(value));
  }
}
