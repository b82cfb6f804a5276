package io.seqbind.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import com.google.protobuf.Int64Value;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.seqbind.core.testing.FirstResponse;
import io.seqbind.core.io.Sha256;
import io.seqbind.proto.v1.ComputeDevice;
import io.seqbind.proto.v1.DataFileRole;
import io.seqbind.proto.v1.Dataset;
import io.seqbind.proto.v1.DatasetFormat;
import io.seqbind.proto.v1.DatasetSource;
import io.seqbind.proto.v1.GetJobRequest;
import io.seqbind.proto.v1.Job;
import io.seqbind.proto.v1.JobSpec;
import io.seqbind.proto.v1.ListJobsRequest;
import io.seqbind.proto.v1.ModelName;
import io.seqbind.proto.v1.SubmitJobRequest;
import io.seqbind.proto.v1.TrainerServiceGrpc;
import io.seqbind.proto.v1.TrainerServiceGrpc.TrainerServiceBlockingStub;
import io.seqbind.proto.v1.TrainingConfig;
import io.seqbind.proto.v1.UploadChunk;
import io.seqbind.proto.v1.UploadHeader;
import io.seqbind.proto.v1.UploadJobRequest;
import io.seqbind.proto.v1.UploadJobResponse;
import io.seqbind.proto.v1.UploadedFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code seqbind serve --auth-tokens F --upload-quota 4K} without --data-root, in its own JVM: server paths are
 * off, an upload over the quota is refused with nothing left on disk (through {@code seqbind train --endpoint}),
 * and one principal's job does not exist for another.
 */
class ServeAuthJobsTest {

  private static final String ALICE = "alice-token-0123456789abcdef";
  private static final String BOB = "bob-token-0123456789abcdef00";

  @TempDir static Path dir;
  private static Process server;
  private static int port;
  private static ManagedChannel channel;

  @BeforeAll
  static void serve() throws Exception {
    Path tokens = Files.writeString(dir.resolve("tokens"), ALICE + " alice train\n" + BOB + " bob train\n");
    port = ServeProcess.freePort();
    server = ServeProcess.start(dir, port, "--auth-tokens", tokens.toString(), "--upload-quota", "4K");
    ServeProcess.awaitListening(server, port);
    channel = ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().build();
  }

  @AfterAll
  static void stop() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.destroy();
    server.waitFor(30, TimeUnit.SECONDS);
  }

  private static TrainerServiceBlockingStub as(String token) {
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    return TrainerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  /** A DeepBind .seq table of {@code rows} random 40-bp sequences with alternating labels. */
  private static String seqTable(int rows) {
    Random random = new Random(7);
    StringBuilder table = new StringBuilder("FoldID\tEventID\tseq\tBound\n");
    for (int i = 0; i < rows; i++) {
      table.append("A\tp").append(i).append('\t');
      for (int j = 0; j < 40; j++) {
        table.append("ACGT".charAt(random.nextInt(4)));
      }
      table.append('\t').append(i % 2).append('\n');
    }
    return table.toString();
  }

  private static JobSpec spec(String name) {
    return JobSpec.newBuilder().setModel(ModelName.newBuilder().setName(name))
        .setTraining(TrainingConfig.newBuilder().setDevice(ComputeDevice.COMPUTE_DEVICE_JAVA)
            .setMaxSteps(Int64Value.of(1)))
        .build();
  }

  @Test
  void serverPathsAreOffWithAuthenticationAndNoDataRoot() throws Exception {
    Path data = Files.writeString(dir.resolve("train.seq"), seqTable(40));
    JobSpec byPath = spec("bypath").toBuilder().setDataset(Dataset.newBuilder().setTrain(DatasetSource.newBuilder()
        .setFormat(DatasetFormat.DATASET_FORMAT_DEEPBIND_SEQ).setUri(data.toString()))).build();
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> as(ALICE).submitJob(SubmitJobRequest.newBuilder().setSpec(byPath).build()));
    assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode());
    assertEquals("spec.dataset.train.uri '" + data + "': server-side paths are off because authentication is on and"
        + " no data roots are set; upload the data instead, or ask the operator to set data roots (seqbind serve"
        + " --data-root DIR, seqbind.trainer.data-roots or seqbind.variant.data-roots)",
        e.getStatus().getDescription());
  }

  @Test
  void anUploadOverTheQuotaFailsInOneLineAndLeavesNothingOnDisk() throws Exception {
    // bob uploads nothing else here, so his usage is 0 whatever order the tests run in.
    String table = seqTable(200);
    int bytes = table.getBytes(StandardCharsets.UTF_8).length;
    Path input = Files.writeString(dir.resolve("big.seq"), table);
    Path jobs = dir.resolve("jobs").resolve("jobs");
    long before = count(jobs);
    CliRun.Result r = CliRun.run("train", "--endpoint", "localhost:" + port, "--token", BOB, "--input",
        input.toString(), "--name", "big", "--device", "java", "--max-steps", "1");
    assertEquals(OneLineErrors.FAILURE, r.code(), r.err());
    assertEquals("train: error: RESOURCE_EXHAUSTED: the upload declares " + bytes + " bytes but principal bob has"
        + " used 0 of its upload quota of 4096 bytes (seqbind.trainer.upload-quota-bytes, seqbind serve"
        + " --upload-quota); the uploaded data of old jobs counts until the operator removes their job directories",
        r.err().strip());
    assertEquals(before, count(jobs), "no job directory, no partial upload");
  }

  @Test
  void anotherPrincipalsJobDoesNotExistForBob() throws Exception {
    byte[] data = seqTable(40).getBytes(StandardCharsets.UTF_8);
    FirstResponse<UploadJobResponse> response = new FirstResponse<>();
    CompletableFuture<UploadJobResponse> result = response.future();
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + ALICE);
    StreamObserver<UploadJobRequest> requests = TrainerServiceGrpc.newStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers)).uploadJob(response);
    JobSpec uploaded = spec("alices").toBuilder().setDataset(Dataset.newBuilder().setTrain(DatasetSource.newBuilder()
        .setFormat(DatasetFormat.DATASET_FORMAT_DEEPBIND_SEQ))).build();
    requests.onNext(UploadJobRequest.newBuilder().setHeader(UploadHeader.newBuilder().setSpec(uploaded)
        .addFiles(UploadedFile.newBuilder().setRole(DataFileRole.DATA_FILE_ROLE_TRAIN).setName("train.seq")
            .setSizeBytes(data.length).setSha256(Sha256.of(data)))).build());
    requests.onNext(UploadJobRequest.newBuilder().setChunk(UploadChunk.newBuilder()
        .setRole(DataFileRole.DATA_FILE_ROLE_TRAIN).setData(ByteString.copyFrom(data))).build());
    requests.onCompleted();
    Job job = result.get(60, TimeUnit.SECONDS).getJob();

    assertEquals(job.getId(), as(ALICE).getJob(GetJobRequest.newBuilder().setJobId(job.getId()).build()).getJob()
        .getId());
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> as(BOB).getJob(GetJobRequest.newBuilder().setJobId(job.getId()).build()));
    assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
    assertEquals("no job with id '" + job.getId() + "'", e.getStatus().getDescription());
    assertFalse(as(BOB).listJobs(ListJobsRequest.getDefaultInstance()).getJobsList().stream()
        .anyMatch(j -> j.getId().equals(job.getId())));
    assertEquals(1, as(ALICE).listJobs(ListJobsRequest.getDefaultInstance()).getJobsList().stream()
        .filter(j -> j.getId().equals(job.getId())).count());
  }

  private static long count(Path jobs) throws Exception {
    if (!Files.isDirectory(jobs)) {
      return 0;
    }
    // Job directories and uploaded files (another test's job may be writing its job.json and checkpoints).
    try (Stream<Path> all = Files.walk(jobs)) {
      return all.filter(p -> p.getParent().equals(jobs) || p.getParent().getFileName().toString().equals("upload"))
          .count();
    }
  }
}
