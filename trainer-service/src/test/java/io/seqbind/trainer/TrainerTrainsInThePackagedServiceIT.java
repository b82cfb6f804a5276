package io.seqbind.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Int64Value;
import com.google.protobuf.UInt64Value;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.seqbind.core.bundle.ModelBundle;
import io.seqbind.core.bundle.ModelStore;
import io.seqbind.core.simulate.DemoDataWriter;
import io.seqbind.core.simulate.SimulationConfig;
import io.seqbind.proto.v1.ArchitectureSpec;
import io.seqbind.proto.v1.CalibrationConfig;
import io.seqbind.proto.v1.ComputeDevice;
import io.seqbind.proto.v1.Dataset;
import io.seqbind.proto.v1.DatasetFormat;
import io.seqbind.proto.v1.DatasetSource;
import io.seqbind.proto.v1.JobPhase;
import io.seqbind.proto.v1.JobSpec;
import io.seqbind.proto.v1.ModelName;
import io.seqbind.proto.v1.SubmitJobRequest;
import io.seqbind.proto.v1.TrainerServiceGrpc;
import io.seqbind.proto.v1.TrainingConfig;
import io.seqbind.proto.v1.WatchJobRequest;
import io.seqbind.proto.v1.WatchJobResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged trainer as deployed trains for real: the job runner the Quarkus app produces (not the unit
 * tests' stand-in), the engine and its kernels loaded by Quarkus's class loader, a calibrated job to the
 * end, and a bundle in the store directory it was configured with.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = TrainerTrainsInThePackagedServiceIT.Dirs.class, restrictToAnnotatedClass = true)
class TrainerTrainsInThePackagedServiceIT {

  /** Simulated training data, and fresh data and store directories for the packaged service. */
  public static class Dirs implements QuarkusTestResourceLifecycleManager {
    static volatile Path dir;

    @Override
    public Map<String, String> start() {
      try {
        dir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "trainer-it-");
        SimulationConfig config = SimulationConfig.defaults();
        DemoDataWriter.write(config, dir.resolve("demo"));
        return Map.of("seqbind.data.dir", dir.resolve("data").toString(),
            "seqbind.store.dir", dir.resolve("models").toString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void stop() {
      // kept under target/ for a look after a failure; `clean` removes it
    }
  }

  @Test
  void aCalibratedJobTrainsToABundleInTheStore() throws Exception {
    Path demo = Dirs.dir.resolve("demo");
    JobSpec spec = JobSpec.newBuilder()
        .setModel(ModelName.newBuilder().setName("packaged").setVersion("1"))
        .setArchitecture(ArchitectureSpec.newBuilder().setPreset("deepbind"))
        .setDataset(Dataset.newBuilder()
            .setTrain(DatasetSource.newBuilder().setFormat(DatasetFormat.DATASET_FORMAT_DEEPBIND_SEQ)
                .setUri(demo.resolve(DemoDataWriter.TRAIN_SEQ).toAbsolutePath().toString()))
            .setTest(DatasetSource.newBuilder().setFormat(DatasetFormat.DATASET_FORMAT_DEEPBIND_SEQ)
                .setUri(demo.resolve(DemoDataWriter.TEST_SEQ).toAbsolutePath().toString())))
        .setTraining(TrainingConfig.newBuilder().setDevice(ComputeDevice.COMPUTE_DEVICE_JAVA)
            .setSeed(UInt64Value.of(2)).setMaxSteps(Int64Value.of(400))
            .setCalibration(CalibrationConfig.newBuilder().setSettings(2).setStepsPerSetting(Int64Value.of(100))))
        .build();
    ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", 8181).usePlaintext().build();
    try {
      TrainerServiceGrpc.TrainerServiceBlockingStub trainer = TrainerServiceGrpc.newBlockingStub(channel)
          .withDeadlineAfter(240, TimeUnit.SECONDS);
      String job = trainer.submitJob(SubmitJobRequest.newBuilder().setSpec(spec).build()).getJob().getId();
      WatchJobResponse last = null;
      for (var it = trainer.watchJob(WatchJobRequest.newBuilder().setJobId(job).build()); it.hasNext(); ) {
        last = it.next();
      }
      assertEquals(JobPhase.JOB_PHASE_DONE, last.getProgress().getPhase(), last.toString());
      ModelBundle bundle = new ModelStore(Dirs.dir.resolve("models")).get(last.getModelId());
      assertEquals("packaged", bundle.info().getName().getName());
      assertEquals(2, bundle.info().getCalibration().getTrialsCount());
      // The planted CTCF sites are easy: a model that learned nothing would sit near 0.5.
      double auc = bundle.info().getTestMetrics().getOverall().getRocAuc().getValue();
      assertTrue(auc > 0.9, "test AUC " + auc);
      assertTrue(Files.size(bundle.onnxFile()) > 1000);
    } finally {
      channel.shutdownNow();
    }
  }
}
