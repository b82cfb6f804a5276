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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4's restart promise with a real crash: {@code seqbind serve} is killed (SIGKILL) in the middle of a
 * calibrated job, started again on the same data directory, and the job resumes and ends with exactly the
 * model (same ONNX bytes, so the same id) that an uninterrupted run of the same job produces.
 */
class KillAndResumeTest {

  @TempDir Path dir;

  @Test
  void aJobKilledMidwayResumesToTheSameModel() throws Exception {
    Path demo = dir.resolve("demo");
    assertEquals(0, SeqbindCommand.commandLine().execute("simulate", "--out", demo.toString(), "--count", "300",
        "--seed", "5"));
    JobSpec spec = JobSpec.newBuilder()
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

    String uninterrupted;
    try (ServiceHost host = ServiceHost.start(new ModelStore(dir.resolve("reference-store")),
        dir.resolve("reference-jobs"), new SimpleMeterRegistry())) {
      TrainerServiceBlockingStub trainer = TrainerServiceGrpc.newBlockingStub(host.channel());
      String job = trainer.submitJob(SubmitJobRequest.newBuilder().setSpec(spec).build()).getJob().getId();
      uninterrupted = finalResponse(trainer, job).getModelId();
    }
    assertEquals(64, uninterrupted.length());

    int port = ServeProcess.freePort();
    Process first = ServeProcess.start(dir, port);
    String jobId;
    ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().build();
    try {
      TrainerServiceBlockingStub trainer = TrainerServiceGrpc.newBlockingStub(channel)
          .withWaitForReady().withDeadlineAfter(60, TimeUnit.SECONDS);
      jobId = trainer.submitJob(SubmitJobRequest.newBuilder().setSpec(spec).build()).getJob().getId();
      // Kill once the first calibration group is checkpointed and the job is well into the rest.
      Iterator<WatchJobResponse> updates = TrainerServiceGrpc.newBlockingStub(channel).watchJob(
          WatchJobRequest.newBuilder().setJobId(jobId).build());
      while (hasNext(updates, first)) {
        WatchJobResponse u = updates.next();
        if (u.getProgress().getFractionDone() > 0.5 && u.getProgress().getPhase() != JobPhase.JOB_PHASE_DONE) {
          break;
        }
        assertTrue(u.getModelId().isEmpty(), "the job finished before it could be killed; make it longer");
      }
      first.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no graceful stop
    } finally {
      channel.shutdownNow();
    }

    Process second = ServeProcess.start(dir, port);
    channel = ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().build();
    try {
      TrainerServiceBlockingStub trainer = TrainerServiceGrpc.newBlockingStub(channel)
          .withWaitForReady().withDeadlineAfter(120, TimeUnit.SECONDS);
      Job resumed = trainer.getJob(GetJobRequest.newBuilder().setJobId(jobId).build()).getJob();
      assertTrue(resumed.getModelId().isEmpty(), "the job was not finished when its server was killed");
      WatchJobResponse end = finalResponse(trainer, jobId);
      assertEquals(JobPhase.JOB_PHASE_DONE, end.getProgress().getPhase(), end.toString());
      assertEquals(uninterrupted, end.getModelId());
    } finally {
      channel.shutdownNow();
      second.destroy();
      second.waitFor(30, TimeUnit.SECONDS);
    }
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
