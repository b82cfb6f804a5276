package io.seqbind.trainer.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqbind.core.io.Sha256;
import io.seqbind.proto.v1.Job;
import io.seqbind.proto.v1.JobPhase;
import io.seqbind.proto.v1.JobSpec;
import io.seqbind.proto.v1.ModelName;
import io.seqbind.trainer.jobs.JobRefusedException.Reason;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobManagerTest {

  static final Duration TIMEOUT = Duration.ofSeconds(10);

  @TempDir
  Path dataDir;

  private final List<JobManager> managers = new ArrayList<>();
  private final List<StepRunner> runners = new ArrayList<>();

  @AfterEach
  void closeAll() {
    runners.forEach(r -> r.release.countDown());
    managers.forEach(JobManager::close);
  }

  private JobManager manager(Path dir, StepRunner runner, int capacity) throws Exception {
    JobManager manager = new JobManager(dir, runner, new JobManager.Settings(1, capacity, 1 << 20,
        Duration.ofMillis(1), Duration.ofSeconds(5)));
    managers.add(manager);
    runners.add(runner);
    return manager;
  }

  static JobSpec spec(String name, String description) {
    return JobSpec.newBuilder().setModel(ModelName.newBuilder().setName(name).setVersion("1"))
        .setDescription(description).build();
  }

  static Job await(JobManager manager, String id, JobPhase phase) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    Job job = manager.get(id);
    while (job.getProgress().getPhase() != phase) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("job " + id + " did not reach " + phase + "; it is " + job);
      }
      Thread.sleep(5);
      job = manager.get(id);
    }
    return job;
  }

  /** The StepRunner's model id for a model name and step count, computed here independently of it. */
  static String expectedModelId(String name, int steps) {
    String value = "seed:" + name;
    for (int step = 1; step <= steps; step++) {
      value = Sha256.of((value + ":" + step).getBytes(StandardCharsets.UTF_8));
    }
    return value;
  }

  @Test
  void runsAJobToDoneAndKeepsItOnDisk() throws Exception {
    JobManager manager = manager(dataDir, new StepRunner(3), 8);
    Job queued = manager.submit(spec("ctcf", ""), "");
    assertEquals(JobPhase.JOB_PHASE_QUEUED, queued.getProgress().getPhase());
    assertTrue(queued.getId().matches("[0-9a-z]{10}-[0-9a-z]{4}"), queued.getId());

    Job done = await(manager, queued.getId(), JobPhase.JOB_PHASE_DONE);
    assertEquals(expectedModelId("ctcf", 3), done.getModelId());
    assertEquals(1.0, done.getProgress().getFractionDone());
    assertEquals(3, done.getProgress().getStep());
    assertTrue(done.hasStartTime() && done.hasEndTime() && !done.hasError());
    assertEquals(done, JobFiles.readJob(dataDir.resolve("jobs").resolve(done.getId())));
  }

  @Test
  void anEmptyVersionBecomesTheCreationTime() throws Exception {
    JobManager manager = manager(dataDir, new StepRunner(1), 8);
    JobSpec unversioned = spec("ctcf", "").toBuilder().setModel(ModelName.newBuilder().setName("ctcf")).build();
    Job job = manager.submit(unversioned, "");
    String expected = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
        .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.ofEpochSecond(job.getCreateTime().getSeconds()));
    assertEquals(expected, job.getSpec().getModel().getVersion());
  }

  @Test
  void runsJobsOneAtATimeInSubmissionOrder() throws Exception {
    StepRunner runner = new StepRunner(2).blockAt(1);
    JobManager manager = manager(dataDir, runner, 8);
    String a = manager.submit(spec("a", ""), "").getId();
    assertTrue(runner.reached.await(10, TimeUnit.SECONDS));
    String b = manager.submit(spec("b", ""), "").getId();
    String c = manager.submit(spec("c", ""), "").getId();
    assertEquals(JobPhase.JOB_PHASE_QUEUED, manager.get(b).getProgress().getPhase());
    assertEquals(List.of("a"), runner.started);

    runner.release.countDown();
    await(manager, c, JobPhase.JOB_PHASE_DONE);
    assertEquals(List.of("a", "b", "c"), runner.started);
    assertEquals(JobPhase.JOB_PHASE_DONE, manager.get(a).getProgress().getPhase());
    assertEquals(List.of(c, b, a), manager.list().stream().map(Job::getId).toList());
  }

  @Test
  void refusesASubmissionBeyondTheQueueCapacityWithoutCreatingAnything() throws Exception {
    StepRunner runner = new StepRunner(1).blockAt(1);
    JobManager manager = manager(dataDir, runner, 2);
    manager.submit(spec("running", ""), "");
    assertTrue(runner.reached.await(10, TimeUnit.SECONDS));
    manager.submit(spec("waiting1", ""), "");
    manager.submit(spec("waiting2", ""), "");

    JobRefusedException refused = assertThrows(JobRefusedException.class,
        () -> manager.submit(spec("third", ""), ""));
    assertEquals(Reason.QUEUE_FULL, refused.reason());
    assertEquals("the job queue is full (2 of 2 places taken); wait for a job to finish or cancel one",
        refused.getMessage());
    assertEquals(3, manager.list().size());
    assertEquals(3, jobDirs().size());
  }

  @Test
  void aVersionIsReservedFromSubmitUntilItsJobEnds() throws Exception {
    StepRunner runner = new StepRunner(2).blockAt(1);
    JobManager manager = manager(dataDir, runner, 8);
    String first = manager.submit(spec("ctcf", ""), "").getId();
    assertTrue(runner.reached.await(10, TimeUnit.SECONDS));

    JobRefusedException taken = assertThrows(JobRefusedException.class, () -> manager.submit(spec("ctcf", ""), ""));
    assertEquals(Reason.MODEL_TAKEN, taken.reason());
    assertEquals("model ctcf:1 is already being trained by job " + first + "; choose another version or leave it"
        + " empty", taken.getMessage());
    assertEquals(1, manager.list().size(), "nothing queued, nothing on disk for the refused job");
    assertEquals(1, jobDirs().size());

    String other = manager.submit(spec("ctcf", "").toBuilder().setModel(ModelName.newBuilder().setName("ctcf")
        .setVersion("2")).build(), "").getId();
    manager.cancel(other);
    manager.cancel(first);
    runner.release.countDown(); // the running job sees the cancel before its next step
    await(manager, first, JobPhase.JOB_PHASE_CANCELLED);
    assertEquals(JobPhase.JOB_PHASE_QUEUED, manager.submit(spec("ctcf", ""), "").getProgress().getPhase(),
        "free again once the job holding it ended without a model");
  }

  @Test
  void cancellingAQueuedJobEndsItAtOnceAndItNeverRuns() throws Exception {
    StepRunner runner = new StepRunner(1).blockAt(1);
    JobManager manager = manager(dataDir, runner, 8);
    String first = manager.submit(spec("first", ""), "").getId();
    assertTrue(runner.reached.await(10, TimeUnit.SECONDS));
    String second = manager.submit(spec("second", ""), "").getId();

    Job cancelled = manager.cancel(second);
    assertEquals(JobPhase.JOB_PHASE_CANCELLED, cancelled.getProgress().getPhase());
    assertTrue(cancelled.hasEndTime());
    assertEquals(JobPhase.JOB_PHASE_CANCELLED,
        JobFiles.readJob(dataDir.resolve("jobs").resolve(second)).getProgress().getPhase());

    runner.release.countDown();
    await(manager, first, JobPhase.JOB_PHASE_DONE);
    Thread.sleep(50);
    assertEquals(List.of("first"), runner.started);
    assertEquals(JobPhase.JOB_PHASE_CANCELLED, manager.get(second).getProgress().getPhase());
  }

  @Test
  void cancellingARunningJobStopsItAtTheNextStep() throws Exception {
    StepRunner runner = new StepRunner(5).blockAt(2);
    JobManager manager = manager(dataDir, runner, 8);
    String id = manager.submit(spec("ctcf", ""), "").getId();
    assertTrue(runner.reached.await(10, TimeUnit.SECONDS));

    Job stillRunning = manager.cancel(id);
    assertEquals(JobPhase.JOB_PHASE_TRAINING, stillRunning.getProgress().getPhase());
    runner.release.countDown();
    Job cancelled = await(manager, id, JobPhase.JOB_PHASE_CANCELLED);
    assertEquals("", cancelled.getModelId());
    assertEquals(List.of(1, 2), runner.computed.get("ctcf")); // step 3 saw the cancel
    assertEquals(cancelled, manager.cancel(id)); // a cancelled job is returned unchanged
  }

  @Test
  void cancellingAFinishedJobIsRefused() throws Exception {
    JobManager manager = manager(dataDir, new StepRunner(1), 8);
    String id = manager.submit(spec("ctcf", ""), "").getId();
    await(manager, id, JobPhase.JOB_PHASE_DONE);
    JobRefusedException refused = assertThrows(JobRefusedException.class, () -> manager.cancel(id));
    assertEquals(Reason.WRONG_STATE, refused.reason());
    assertEquals("job " + id + " is already DONE; only queued or running jobs can be cancelled", refused.getMessage());
    assertEquals(Reason.NOT_FOUND, assertThrows(JobRefusedException.class, () -> manager.cancel("nope")).reason());
  }

  @Test
  void badDataFailsWithCode3AndTheFileAndLine() throws Exception {
    JobManager manager = manager(dataDir, new StepRunner(1), 8);
    String id = manager.submit(spec("ctcf", "bad-data"), "").getId();
    Job failed = await(manager, id, JobPhase.JOB_PHASE_FAILED);
    assertEquals(3, failed.getError().getCode());
    assertEquals("/data/labels.tsv", failed.getError().getFile());
    assertEquals(12, failed.getError().getLine());
    assertEquals("/data/labels.tsv:12: label 'maybe' is not a number", failed.getError().getMessage());
  }

  @Test
  void otherRunnerErrorsFailWithCode13AndTheMessage() throws Exception {
    JobManager manager = manager(dataDir, new StepRunner(1), 8);
    String id = manager.submit(spec("ctcf", "crash"), "").getId();
    Job failed = await(manager, id, JobPhase.JOB_PHASE_FAILED);
    assertEquals(13, failed.getError().getCode());
    assertEquals("the device went away", failed.getError().getMessage());
    assertEquals("", failed.getError().getFile());
  }

  @Test
  void aSpecTheRunnerRefusesIsNotQueued() throws Exception {
    JobManager manager = manager(dataDir, new StepRunner(1), 8);
    JobRefusedException refused = assertThrows(JobRefusedException.class,
        () -> manager.submit(spec("ctcf", "reject"), ""));
    assertEquals(Reason.INVALID, refused.reason());
    assertEquals("/data/train.seq:7: line 7: label 'x' is not 0 or 1", refused.getMessage());
    assertEquals(List.of(), manager.list());
    assertEquals(List.of(), jobDirs());
  }

  @Test
  void watchersSeeEveryPhaseInOrder() throws Exception {
    StepRunner runner = new StepRunner(3).blockAt(1);
    JobManager manager = manager(dataDir, runner, 8);
    String id = manager.submit(spec("ctcf", ""), "").getId();
    List<JobPhase> phases = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<Long> steps = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (JobManager.Subscription s = manager.watch(id, job -> {
      phases.add(job.getProgress().getPhase());
      steps.add(job.getProgress().getStep());
    })) {
      runner.release.countDown();
      await(manager, id, JobPhase.JOB_PHASE_DONE);
    }
    assertEquals(JobPhase.JOB_PHASE_DONE, phases.get(phases.size() - 1));
    assertEquals(List.of(1L, 2L, 3L), steps.stream().distinct().filter(s -> s > 0).toList());
    assertEquals(List.of(JobPhase.JOB_PHASE_TRAINING, JobPhase.JOB_PHASE_DONE),
        phases.subList(phases.indexOf(JobPhase.JOB_PHASE_TRAINING), phases.size()).stream().distinct().toList());
  }

  @Test
  void aJobInterruptedByShutdownResumesFromItsCheckpointsWithTheSameResult() throws Exception {
    StepRunner first = new StepRunner(5).blockAt(3);
    JobManager before = manager(dataDir, first, 8);
    Job submitted = before.submit(spec("ctcf", ""), "");
    assertTrue(first.reached.await(10, TimeUnit.SECONDS));
    before.close(); // interrupts the blocked step
    assertEquals(List.of(1, 2), first.computed.get("ctcf"));
    assertEquals(JobPhase.JOB_PHASE_TRAINING,
        JobFiles.readJob(dataDir.resolve("jobs").resolve(submitted.getId())).getProgress().getPhase());

    StepRunner second = new StepRunner(5);
    JobManager after = manager(dataDir, second, 8);
    Job done = await(after, submitted.getId(), JobPhase.JOB_PHASE_DONE);
    assertEquals(List.of(3, 4, 5), second.computed.get("ctcf"));
    assertEquals(uninterruptedModelId("ctcf", 5), done.getModelId());
    assertEquals(expectedModelId("ctcf", 5), done.getModelId());
    assertEquals(submitted.getCreateTime(), done.getCreateTime());
    assertEquals(submitted.getSpec(), done.getSpec());
  }

  @Test
  void aJobOfACrashedManagerResumesInANewOne() throws Exception {
    StepRunner first = new StepRunner(4).blockAt(2);
    JobManager crashed = manager(dataDir, first, 8); // never closed before the new one starts: a crash
    String id = crashed.submit(spec("ctcf", ""), "").getId();
    assertTrue(first.reached.await(10, TimeUnit.SECONDS));

    StepRunner second = new StepRunner(4);
    JobManager after = manager(dataDir, second, 8);
    Job done = await(after, id, JobPhase.JOB_PHASE_DONE);
    assertEquals(List.of(2, 3, 4), second.computed.get("ctcf"));
    assertEquals(uninterruptedModelId("ctcf", 4), done.getModelId());
  }

  @Test
  void queuedJobsResumeInTheirOriginalOrder() throws Exception {
    StepRunner first = new StepRunner(1).blockAt(1);
    JobManager before = manager(dataDir, first, 8);
    before.submit(spec("a", ""), "");
    assertTrue(first.reached.await(10, TimeUnit.SECONDS));
    before.submit(spec("b", ""), "");
    before.submit(spec("c", ""), "");
    String last = before.submit(spec("d", ""), "").getId();
    before.close();

    StepRunner second = new StepRunner(1);
    JobManager after = manager(dataDir, second, 8);
    await(after, last, JobPhase.JOB_PHASE_DONE);
    assertEquals(List.of("a", "b", "c", "d"), second.started);
  }

  @Test
  void aRepeatedRequestIdReturnsTheFirstJobAlsoAfterARestart() throws Exception {
    StepRunner runner = new StepRunner(1);
    JobManager before = manager(dataDir, runner, 8);
    Job first = before.submit(spec("ctcf", ""), "client-42");
    assertEquals(first.getId(), before.submit(spec("other", ""), "client-42").getId());
    assertEquals(1, before.list().size());
    await(before, first.getId(), JobPhase.JOB_PHASE_DONE);
    before.close();

    JobManager after = manager(dataDir, new StepRunner(1), 8);
    Job again = after.submit(spec("ctcf", ""), "client-42");
    assertEquals(first.getId(), again.getId());
    assertEquals(JobPhase.JOB_PHASE_DONE, again.getProgress().getPhase());
    assertEquals(1, after.list().size());
    assertFalse(after.submit(spec("ctcf", ""), "client-43").getId().equals(first.getId()));
  }

  @Test
  void finishedJobsAreListedAsTheyWereAfterARestart() throws Exception {
    JobManager before = manager(dataDir, new StepRunner(1), 8);
    String ok = before.submit(spec("ok", ""), "").getId();
    String bad = before.submit(spec("bad", "crash"), "").getId();
    Job done = await(before, ok, JobPhase.JOB_PHASE_DONE);
    Job failed = await(before, bad, JobPhase.JOB_PHASE_FAILED);
    before.close();

    StepRunner runner = new StepRunner(1);
    JobManager after = manager(dataDir, runner, 8);
    assertEquals(List.of(failed, done), after.list());
    Thread.sleep(50);
    assertEquals(List.of(), runner.started);
  }

  private static String uninterruptedModelId(String name, int steps) throws Exception {
    Path fresh = Files.createTempDirectory("uninterrupted");
    try (JobManager manager = new JobManager(fresh, new StepRunner(steps))) {
      String id = manager.submit(spec(name, ""), "").getId();
      return await(manager, id, JobPhase.JOB_PHASE_DONE).getModelId();
    } finally {
      io.seqbind.core.io.AtomicDirectory.deleteTree(fresh);
    }
  }

  private List<Path> jobDirs() throws Exception {
    Path jobs = dataDir.resolve("jobs");
    if (!Files.isDirectory(jobs)) {
      return List.of();
    }
    try (Stream<Path> list = Files.list(jobs)) {
      return list.toList();
    }
  }
}
