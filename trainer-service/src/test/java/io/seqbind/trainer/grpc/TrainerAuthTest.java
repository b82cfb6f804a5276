package io.seqbind.trainer.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.seqbind.core.testing.FirstResponse;
import io.seqbind.core.bundle.ModelStore;
import io.seqbind.core.grpc.AuthInterceptor;
import io.seqbind.core.grpc.AuthTokens;
import io.seqbind.core.io.DataRoots;
import io.seqbind.core.io.Sha256;
import io.seqbind.proto.v1.CancelJobRequest;
import io.seqbind.proto.v1.DataFileRole;
import io.seqbind.proto.v1.Dataset;
import io.seqbind.proto.v1.DatasetFormat;
import io.seqbind.proto.v1.DatasetSource;
import io.seqbind.proto.v1.GetJobRequest;
import io.seqbind.proto.v1.Job;
import io.seqbind.proto.v1.JobPhase;
import io.seqbind.proto.v1.JobSpec;
import io.seqbind.proto.v1.ListJobsRequest;
import io.seqbind.proto.v1.ModelName;
import io.seqbind.proto.v1.SubmitJobRequest;
import io.seqbind.proto.v1.TrainerServiceGrpc;
import io.seqbind.proto.v1.TrainerServiceGrpc.TrainerServiceBlockingStub;
import io.seqbind.proto.v1.UploadChunk;
import io.seqbind.proto.v1.UploadHeader;
import io.seqbind.proto.v1.UploadJobRequest;
import io.seqbind.proto.v1.UploadJobResponse;
import io.seqbind.proto.v1.UploadedFile;
import io.seqbind.proto.v1.WatchJobRequest;
import io.seqbind.trainer.jobs.JobManager;
import io.seqbind.trainer.jobs.StepRunner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TrainerService behind the {@link AuthInterceptor}, as {@code seqbind serve --auth-tokens} runs it: jobs per
 * owner (another principal gets exactly the NOT_FOUND of a job that does not exist; admin sees all), upload
 * quotas that leave nothing on disk, and server paths off without data roots.
 */
class TrainerAuthTest {

  private static final String ALICE = "alice-token-0123456789abcdef";
  private static final String BOB = "bob-token-0123456789abcdef00";
  private static final String ROOT = "root-token-0123456789abcdef0";

  @TempDir
  Path dir;

  private final List<AutoCloseable> open = new ArrayList<>();
  private StepRunner runner;
  private String serverName;

  /** Starts the service over {@code dir} with auth on (the manager persists jobs there across restarts). */
  private void start(long quotaBytes, DataRoots roots) throws Exception {
    Path tokens = Files.writeString(dir.resolve("tokens"), ALICE + " alice train\n" + BOB + " bob train\n" + ROOT
        + " root admin\n");
    runner = new StepRunner(1).blockAt(1);
    JobManager manager = new JobManager(dir.resolve("data"), runner, new JobManager.Settings(1, 8, Long.MAX_VALUE,
        Duration.ofMillis(1), Duration.ofSeconds(5), quotaBytes));
    TrainerGrpcService service = new TrainerGrpcService(manager, new ModelStore(dir.resolve("store")), roots);
    serverName = InProcessServerBuilder.generateName();
    Server server = InProcessServerBuilder.forName(serverName).addService(service)
        .intercept(new AuthInterceptor(AuthTokens.read(tokens))).build().start();
    open.add(() -> server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    open.add(service);
    open.add(manager);
  }

  private void restart(long quotaBytes, DataRoots roots) throws Exception {
    stop();
    start(quotaBytes, roots);
  }

  @AfterEach
  void stop() throws Exception {
    if (runner != null) {
      runner.release.countDown();
    }
    for (AutoCloseable c : open) {
      c.close();
    }
    open.clear();
  }

  private TrainerServiceBlockingStub as(String token) {
    return TrainerServiceGrpc.newBlockingStub(channel()).withDeadlineAfter(20, TimeUnit.SECONDS)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer(token)));
  }

  private TrainerServiceGrpc.TrainerServiceStub asyncAs(String token) {
    return TrainerServiceGrpc.newStub(channel())
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer(token)));
  }

  private ManagedChannel channel() {
    ManagedChannel channel = InProcessChannelBuilder.forName(serverName).build();
    open.add(0, () -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    return channel;
  }

  private static Metadata bearer(String token) {
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    return headers;
  }

  private static JobSpec spec(String name) {
    return JobSpec.newBuilder().setModel(ModelName.newBuilder().setName(name)).build();
  }

  private static Job submit(TrainerServiceBlockingStub stub, String name, String requestId) {
    return stub.submitJob(SubmitJobRequest.newBuilder().setSpec(spec(name)).setRequestId(requestId).build()).getJob();
  }

  private static StatusRuntimeException refused(Status.Code code, Runnable call) {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::run);
    assertEquals(code, e.getStatus().getCode(), e.getStatus().toString());
    return e;
  }

  private static List<String> ids(TrainerServiceBlockingStub stub) {
    return stub.listJobs(ListJobsRequest.getDefaultInstance()).getJobsList().stream().map(Job::getId).toList();
  }

  @Test
  void anotherPrincipalCannotSeeWatchOrCancelAJobAndLearnsNothingOfIt() throws Exception {
    start(Long.MAX_VALUE, DataRoots.any());
    TrainerServiceBlockingStub alice = as(ALICE);
    TrainerServiceBlockingStub bob = as(BOB);
    String aliceJob = submit(alice, "a", "").getId();
    String bobJob = submit(bob, "b", "").getId();

    // What a job that does not exist answers, with that id: the same status and the same words.
    String absent = refused(Status.Code.NOT_FOUND,
        () -> bob.getJob(GetJobRequest.newBuilder().setJobId("no-such-job").build())).getStatus().getDescription();
    assertEquals("no job with id 'no-such-job'", absent);
    String expected = absent.replace("no-such-job", aliceJob);
    assertEquals(expected, refused(Status.Code.NOT_FOUND,
        () -> bob.getJob(GetJobRequest.newBuilder().setJobId(aliceJob).build())).getStatus().getDescription());
    assertEquals(expected, refused(Status.Code.NOT_FOUND,
        () -> bob.cancelJob(CancelJobRequest.newBuilder().setJobId(aliceJob).build())).getStatus().getDescription());
    assertEquals(expected, refused(Status.Code.NOT_FOUND,
        () -> bob.watchJob(WatchJobRequest.newBuilder().setJobId(aliceJob).build()).next()).getStatus()
        .getDescription());
    assertEquals(List.of(bobJob), ids(bob), "ListJobs shows bob only his own");
    assertEquals(List.of(aliceJob), ids(alice));
    JobPhase phase = alice.getJob(GetJobRequest.newBuilder().setJobId(aliceJob).build()).getJob().getProgress()
        .getPhase();
    assertTrue(phase == JobPhase.JOB_PHASE_QUEUED || phase == JobPhase.JOB_PHASE_PREPARING, "bob's cancel did"
        + " nothing, but " + phase);
    assertTrue(!Files.exists(dir.resolve("data/jobs").resolve(aliceJob).resolve("cancel-requested")));

    // An idempotency key is the owner's: bob's request with alice's key makes bob's own job.
    String keyed = submit(alice, "k", "key-1").getId();
    assertEquals(keyed, submit(alice, "k", "key-1").getId());
    String bobKeyed = submit(bob, "k2", "key-1").getId();
    assertTrue(!bobKeyed.equals(keyed), "bob must not get alice's job back");

    // admin sees and cancels everyone's jobs.
    TrainerServiceBlockingStub root = as(ROOT);
    assertEquals(List.of(bobKeyed, keyed, bobJob, aliceJob), ids(root));
    assertEquals(JobPhase.JOB_PHASE_CANCELLED, root.cancelJob(CancelJobRequest.newBuilder().setJobId(keyed).build())
        .getJob().getProgress().getPhase());
    assertEquals(aliceJob, root.getJob(GetJobRequest.newBuilder().setJobId(aliceJob).build()).getJob().getId());

    // The owner is kept with the job on disk: after a restart bob still cannot see alice's job.
    restart(Long.MAX_VALUE, DataRoots.any());
    assertEquals(expected, refused(Status.Code.NOT_FOUND,
        () -> as(BOB).getJob(GetJobRequest.newBuilder().setJobId(aliceJob).build())).getStatus().getDescription());
    assertEquals(List.of(keyed, aliceJob), ids(as(ALICE)));
    assertEquals(4, ids(as(ROOT)).size());
  }

  @Test
  void anUploadOverThePrincipalsQuotaIsRefusedBeforeAByteIsStored() throws Exception {
    start(1000, DataRoots.any());
    String train = "FoldID\tEventID\tseq\tBound\n" + "A\tp\tACGTACGTACGTACGT\t1\n".repeat(25); // 600 bytes
    assertEquals(600, train.length());
    Job first = upload(ALICE, "first", train);
    assertEquals(JobPhase.JOB_PHASE_QUEUED, first.getProgress().getPhase());
    assertTrue(runner.reached.await(10, TimeUnit.SECONDS), "the job runs, and waits: its files stay as they are");
    List<Path> before = tree();

    StatusRuntimeException over = assertThrows(StatusRuntimeException.class, () -> upload(ALICE, "second", train));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, over.getStatus().getCode());
    assertEquals("the upload declares 600 bytes but principal alice has used 600 of its upload quota of 1000 bytes"
        + " (seqbind.trainer.upload-quota-bytes, seqbind serve --upload-quota); the uploaded data of old jobs counts"
        + " until the operator removes their job directories", over.getStatus().getDescription());
    assertEquals(before, tree(), "nothing of the refused upload on disk: no job directory, no temporary file");

    // The quota is per principal: bob has his own.
    assertEquals(JobPhase.JOB_PHASE_QUEUED, upload(BOB, "bobs", train).getProgress().getPhase());
  }

  @Test
  void anUploadLargerThanTheFreeDiskIsRefusedBeforeAByteIsStored() throws Exception {
    start(Long.MAX_VALUE, DataRoots.any());
    List<Path> before = tree();
    long huge = 1L << 60; // declared, never sent: more than any disk here has free
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> send(ALICE,
        UploadJobRequest.newBuilder().setHeader(UploadHeader.newBuilder().setSpec(spec("huge"))
            .addFiles(UploadedFile.newBuilder().setRole(DataFileRole.DATA_FILE_ROLE_TRAIN).setName("train.seq")
                .setSizeBytes(huge).setSha256("0".repeat(64)))).build()));
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
    long free = Files.getFileStore(dir).getUsableSpace();
    String message = e.getStatus().getDescription();
    assertTrue(message.startsWith("the upload declares " + huge + " bytes but the trainer's disk has "), message);
    long reported = Long.parseLong(message.replaceAll(".*disk has (\\d+) bytes free.*", "$1"));
    assertTrue(Math.abs(reported - free) < (1L << 30), "reported " + reported + ", the file system says " + free);
    assertTrue(message.endsWith(" bytes free for uploads; upload less or ask the operator for space"), message);
    assertEquals(before, tree());
  }

  @Test
  void withAuthenticationAndNoDataRootsServerPathsAreRefused() throws Exception {
    Path data = Files.writeString(dir.resolve("train.seq"), "FoldID\tEventID\tseq\tBound\nA\tp\tACGT\t1\n");
    start(Long.MAX_VALUE, DataRoots.forServer(List.of(), true));
    JobSpec byPath = spec("bypath").toBuilder().setDataset(Dataset.newBuilder().setTrain(DatasetSource.newBuilder()
        .setFormat(DatasetFormat.DATASET_FORMAT_DEEPBIND_SEQ).setUri(data.toString()))).build();
    StatusRuntimeException e = refused(Status.Code.PERMISSION_DENIED,
        () -> as(ALICE).submitJob(SubmitJobRequest.newBuilder().setSpec(byPath).build()));
    assertEquals("spec.dataset.train.uri '" + data + "': server-side paths are off because authentication is on and"
        + " no data roots are set; upload the data instead, or ask the operator to set data roots (seqbind serve"
        + " --data-root DIR, seqbind.trainer.data-roots or seqbind.variant.data-roots)",
        e.getStatus().getDescription());
    assertEquals(List.of(), ids(as(ROOT)), "nothing queued");
    // Uploading the same data works: uploads are the service's own files.
    assertEquals(JobPhase.JOB_PHASE_QUEUED, upload(ALICE, "uploaded", Files.readString(data)).getProgress()
        .getPhase());
  }

  /**
   * What uploads leave on disk: the job directories, and every file under them but a running job's work
   * directory (which the job writes to meanwhile).
   */
  private List<Path> tree() throws Exception {
    Path jobs = dir.resolve("data").resolve("jobs");
    if (!Files.isDirectory(jobs)) {
      return List.of();
    }
    try (Stream<Path> all = Files.walk(jobs)) {
      return all.filter(p -> !jobs.relativize(p).toString().contains("work")).sorted().toList();
    }
  }

  private Job upload(String token, String name, String train) throws Exception {
    byte[] bytes = train.getBytes(StandardCharsets.UTF_8);
    return send(token,
        UploadJobRequest.newBuilder().setHeader(UploadHeader.newBuilder().setSpec(spec(name))
            .addFiles(UploadedFile.newBuilder().setRole(DataFileRole.DATA_FILE_ROLE_TRAIN).setName("train.seq")
                .setSizeBytes(bytes.length).setSha256(Sha256.of(bytes)))).build(),
        UploadJobRequest.newBuilder().setChunk(UploadChunk.newBuilder().setRole(DataFileRole.DATA_FILE_ROLE_TRAIN)
            .setData(ByteString.copyFrom(bytes))).build()).getJob();
  }

  private UploadJobResponse send(String token, UploadJobRequest... messages) throws Exception {
    FirstResponse<UploadJobResponse> response = new FirstResponse<>();
    CompletableFuture<UploadJobResponse> result = response.future();
    StreamObserver<UploadJobRequest> requests = asyncAs(token).uploadJob(response);
    for (UploadJobRequest message : messages) {
      requests.onNext(message);
    }
    requests.onCompleted();
    try {
      return result.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }
}
