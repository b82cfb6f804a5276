package io.seqbind.trainer.quarkus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.seqbind.core.testing.FirstResponse;
import io.seqbind.core.io.Sha256;
import io.seqbind.proto.v1.DataFileRole;
import io.seqbind.proto.v1.GetJobRequest;
import io.seqbind.proto.v1.Job;
import io.seqbind.proto.v1.JobPhase;
import io.seqbind.proto.v1.JobSpec;
import io.seqbind.proto.v1.ListPresetsRequest;
import io.seqbind.proto.v1.ModelName;
import io.seqbind.proto.v1.SubmitJobRequest;
import io.seqbind.proto.v1.TrainerServiceGrpc;
import io.seqbind.proto.v1.UploadChunk;
import io.seqbind.proto.v1.UploadHeader;
import io.seqbind.proto.v1.UploadJobRequest;
import io.seqbind.proto.v1.UploadJobResponse;
import io.seqbind.proto.v1.UploadedFile;
import io.seqbind.proto.v1.WatchJobRequest;
import io.seqbind.proto.v1.WatchJobResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Quarkus wiring: TrainerService is registered on the service's port, and blocking, server-streaming and
 * client-streaming calls all work through Quarkus's gRPC server (the plain class's tests use grpc-inprocess).
 */
@QuarkusTest
@TestProfile(TrainerQuarkusTest.TempDirs.class)
class TrainerQuarkusTest {

  /** Fresh data and store directories for each run, so earlier runs' jobs are not resumed. */
  public static class TempDirs implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      try {
        // Under target/ (the module directory is the working directory), so `clean` removes it.
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "trainer-quarkus-test-");
        return Map.of("seqbind.data.dir", dir.resolve("data").toString(),
            "seqbind.store.dir", dir.resolve("models").toString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private ManagedChannel channel;
  private TrainerServiceGrpc.TrainerServiceBlockingStub blocking;

  @BeforeEach
  void connect() {
    channel = ManagedChannelBuilder.forAddress("localhost", 8181).usePlaintext().build();
    blocking = TrainerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  @AfterEach
  void disconnect() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  private static JobSpec spec(String name) {
    return JobSpec.newBuilder().setModel(ModelName.newBuilder().setName(name).setVersion("1")).build();
  }

  @Test
  void listsPresets() {
    assertEquals(14, blocking.listPresets(ListPresetsRequest.getDefaultInstance()).getPresetsCount());
  }

  @Test
  void anUnknownJobIsNotFound() {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> blocking.getJob(GetJobRequest.newBuilder().setJobId("nope").build()));
    assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
  }

  @Test
  void submitsAndWatchesAJobToTheEnd() {
    Job job = blocking.submitJob(SubmitJobRequest.newBuilder().setSpec(spec("wired")).build()).getJob();
    List<WatchJobResponse> updates = new ArrayList<>();
    blocking.watchJob(WatchJobRequest.newBuilder().setJobId(job.getId()).build()).forEachRemaining(updates::add);
    WatchJobResponse last = updates.get(updates.size() - 1);
    assertEquals(JobPhase.JOB_PHASE_DONE, last.getProgress().getPhase());
    assertEquals(64, last.getModelId().length());
  }

  @Test
  void uploadsAJob() throws Exception {
    byte[] data = "FoldID\tEventID\tseq\tBound\nA\tp1\tACGT\t1\n".getBytes(StandardCharsets.UTF_8);
    FirstResponse<UploadJobResponse> response = new FirstResponse<>();
    CompletableFuture<UploadJobResponse> result = response.future();
    StreamObserver<UploadJobRequest> requests = TrainerServiceGrpc.newStub(channel).uploadJob(response);
    requests.onNext(UploadJobRequest.newBuilder().setHeader(UploadHeader.newBuilder().setSpec(spec("uploaded"))
        .addFiles(UploadedFile.newBuilder().setRole(DataFileRole.DATA_FILE_ROLE_TRAIN).setName("train.seq")
            .setSizeBytes(data.length).setSha256(Sha256.of(data)))).build());
    requests.onNext(UploadJobRequest.newBuilder().setChunk(UploadChunk.newBuilder()
        .setRole(DataFileRole.DATA_FILE_ROLE_TRAIN).setData(ByteString.copyFrom(data))).build());
    requests.onCompleted();
    Job job = result.get(30, TimeUnit.SECONDS).getJob();
    Path stored = Path.of(job.getSpec().getDataset().getTrain().getUri());
    assertEquals("train-train.seq", stored.getFileName().toString());
    assertEquals(new String(data, StandardCharsets.UTF_8), Files.readString(stored));
  }
}
