package io.seqbind.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Int64Value;
import com.google.protobuf.UInt64Value;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.seqbind.core.bundle.ModelStore;
import io.seqbind.proto.v1.ArchitectureSpec;
import io.seqbind.proto.v1.CalibrationConfig;
import io.seqbind.proto.v1.ComputeDevice;
import io.seqbind.proto.v1.Dataset;
import io.seqbind.proto.v1.DatasetFormat;
import io.seqbind.proto.v1.DatasetSource;
import io.seqbind.proto.v1.GetJobRequest;
import io.seqbind.proto.v1.Job;
import io.seqbind.proto.v1.JobPhase;
import io.seqbind.proto.v1.JobSpec;
import io.seqbind.proto.v1.ModelName;
import io.seqbind.proto.v1.SubmitJobRequest;
import io.seqbind.proto.v1.TrainerServiceGrpc;
import io.seqbind.proto.v1.TrainerServiceGrpc.TrainerServiceBlockingStub;
import io.seqbind.proto.v1.TrainingConfig;
import io.seqbind.proto.v1.WatchJobRequest;
import io.seqbind.proto.v1.WatchJobResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4's restart promise with real crashes: {@code seqbind serve} is killed (SIGKILL) at random points of a
 * calibrated job, twice, started again on the same data directory each time, and the job resumes and ends with
 * exactly the model (same ONNX bytes, so the same id) that an uninterrupted run of the same job produces. The
 * points come from a seed (printed on failure), so a failing case can be replayed.
 */
class KillAndResumeTest {

  @TempDir static Path shared;
  private static String uninterrupted;
  private static JobSpec spec;

  @TempDir Path dir;

  @BeforeAll
  static void uninterruptedRun() throws Exception {
    Path demo = shared.resolve("demo");
    assertEquals(0, SeqbindCommand.commandLine().execute("simulate", "--out", demo.toString(), "--count", "300",
        "--seed", "5"));
    spec = JobSpec.newBuilder()
        .setModel(ModelName.newBuilder().setName("resume").setVersion("1"))
        .setArchitecture(ArchitectureSpec.newBuilder().setPreset("deepbind"))
        .setDataset(Dataset.newBuilder().setTrain(DatasetSource.newBuilder()
            .setFormat(DatasetFormat.DATASET_FORMAT_DEEPBIND_SEQ)
            .setUri(demo.resolve("train.seq.gz").toAbsolutePath().toString())))
        .setTraining(TrainingConfig.newBuilder().setDevice(ComputeDevice.COMPUTE_DEVICE_JAVA)
            .setSeed(UInt64Value.of(9)).setMaxSteps(Int64Value.of(600))
            .setCalibration(CalibrationConfig.newBuilder().setSettings(4)
                .setStepsPerSetting(Int64Value.of(300))))
        .build();
    try (ServiceHost host = ServiceHost.start(new ModelStore(shared.resolve("reference-store")),
        shared.resolve("reference-jobs"), new SimpleMeterRegistry())) {
      TrainerServiceBlockingStub trainer = TrainerServiceGrpc.newBlockingStub(host.channel());
      String job = trainer.submitJob(SubmitJobRequest.newBuilder().setSpec(spec).build()).getJob().getId();
      uninterrupted = finalResponse(trainer, job).getModelId();
    }
    assertEquals(64, uninterrupted.length());
  }

  @ParameterizedTest(name = "kill seed {0}")
  @ValueSource(longs = {17, 2026})
  void aJobKilledTwiceAtRandomPointsResumesToTheSameModel(long killSeed) throws Exception {
    Random random = new Random(killSeed);
    // Both kills fall between 5% and 80% of the job, the second at least 10 points after the first. Not later:
    // the last progress update before the end can come after the model is stored, and on a quiet machine the
    // last fifth takes less time than one update (a kill "at 90%" then meets a finished job).
    double firstKill = 0.05 + 0.40 * random.nextDouble();
    double secondKill = firstKill + 0.10 + (0.70 - firstKill) * random.nextDouble();
    String where = "kill seed " + killSeed + ": kills after " + percent(firstKill) + " and " + percent(secondKill);
    int port = ServeProcess.freePort();

    String jobId = killWhenDone(ServeProcess.start(dir, port), port, firstKill, null, where);
    killWhenDone(ServeProcess.start(dir, port), port, secondKill, jobId, where);

    Process last = ServeProcess.start(dir, port);
    ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().build();
    try {
      TrainerServiceBlockingStub trainer = TrainerServiceGrpc.newBlockingStub(channel)
          .withWaitForReady().withDeadlineAfter(120, TimeUnit.SECONDS);
      Job resumed = trainer.getJob(GetJobRequest.newBuilder().setJobId(jobId).build()).getJob();
      assertTrue(resumed.getModelId().isEmpty(), where + ": the job was finished before its server was killed");
      WatchJobResponse end = finalResponse(trainer, jobId);
      assertEquals(JobPhase.JOB_PHASE_DONE, end.getProgress().getPhase(), where + ": " + end);
      assertEquals(uninterrupted, end.getModelId(), where);
    } finally {
      channel.shutdownNow();
      last.destroy();
      last.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /**
   * Submits the job ({@code jobId} null) or follows the resumed one, and SIGKILLs the server (no shutdown hook, no
   * graceful stop) once the job is more than {@code fraction} done. Returns the job's id.
   */
  private String killWhenDone(Process server, int port, double fraction, String jobId, String where) throws Exception {
    ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().build();
    try {
      TrainerServiceBlockingStub trainer = TrainerServiceGrpc.newBlockingStub(channel)
          .withWaitForReady().withDeadlineAfter(60, TimeUnit.SECONDS);
      String id = jobId != null ? jobId
          : trainer.submitJob(SubmitJobRequest.newBuilder().setSpec(spec).build()).getJob().getId();
      Iterator<WatchJobResponse> updates = TrainerServiceGrpc.newBlockingStub(channel).withWaitForReady()
          .watchJob(WatchJobRequest.newBuilder().setJobId(id)
              .setMinInterval(com.google.protobuf.Duration.newBuilder().setNanos(100_000_000)).build()); // fine steps
      while (hasNext(updates, server)) {
        WatchJobResponse u = updates.next();
        assertTrue(u.getModelId().isEmpty(), where + ": the job finished before it could be killed at "
            + percent(fraction));
        if (u.getProgress().getFractionDone() > fraction) {
          break;
        }
      }
      server.destroyForcibly().waitFor();
      return id;
    } finally {
      channel.shutdownNow();
    }
  }

  private static String percent(double fraction) {
    return Math.round(100 * fraction) + "%";
  }

  /** The next update; when the server is gone before we killed it, fails with its exit code and log. */
  private boolean hasNext(Iterator<WatchJobResponse> updates, Process server) throws Exception {
    try {
      return updates.hasNext();
    } catch (RuntimeException e) {
      boolean exited = server.waitFor(5, TimeUnit.SECONDS);
      StringBuilder log = new StringBuilder();
      try (var logs = Files.list(dir)) {
        for (Path f : logs.filter(p -> p.getFileName().toString().startsWith("serve-")).toList()) {
          log.append(Files.readString(f));
        }
      }
      throw new AssertionError("the server " + (exited ? "exited with " + server.exitValue() : "stopped answering")
          + " before it was killed: " + e + "\n" + log, e);
    }
  }

  private static WatchJobResponse finalResponse(TrainerServiceBlockingStub trainer, String jobId) {
    Iterator<WatchJobResponse> updates = trainer.watchJob(WatchJobRequest.newBuilder().setJobId(jobId).build());
    WatchJobResponse last = null;
    while (updates.hasNext()) {
      last = updates.next();
    }
    return last;
  }
}
