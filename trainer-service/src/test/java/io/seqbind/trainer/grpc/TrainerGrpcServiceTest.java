package io.seqbind.trainer.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.FloatValue;
import com.google.protobuf.Int32Value;
import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.seqbind.core.testing.FirstResponse;
import io.seqbind.core.bundle.ModelStore;
import io.seqbind.core.io.Sha256;
import io.seqbind.proto.v1.ActivationFunction;
import io.seqbind.proto.v1.ActivationLayer;
import io.seqbind.proto.v1.CancelJobRequest;
import io.seqbind.proto.v1.Conv1dLayer;
import io.seqbind.proto.v1.DataFileRole;
import io.seqbind.proto.v1.DenseLayer;
import io.seqbind.proto.v1.DropoutLayer;
import io.seqbind.proto.v1.GetJobRequest;
import io.seqbind.proto.v1.GetModelRequest;
import io.seqbind.proto.v1.GetModelResponse;
import io.seqbind.proto.v1.GlobalPoolLayer;
import io.seqbind.proto.v1.GlobalPoolMode;
import io.seqbind.proto.v1.Job;
import io.seqbind.proto.v1.JobPhase;
import io.seqbind.proto.v1.JobSpec;
import io.seqbind.proto.v1.Layer;
import io.seqbind.proto.v1.ListJobsRequest;
import io.seqbind.proto.v1.ListJobsResponse;
import io.seqbind.proto.v1.ListModelsRequest;
import io.seqbind.proto.v1.ListModelsResponse;
import io.seqbind.proto.v1.ListPresetsRequest;
import io.seqbind.proto.v1.ModelInfo;
import io.seqbind.proto.v1.ModelName;
import io.seqbind.proto.v1.ModelRef;
import io.seqbind.proto.v1.OutputHead;
import io.seqbind.proto.v1.Preset;
import io.seqbind.proto.v1.SubmitJobRequest;
import io.seqbind.proto.v1.TaskType;
import io.seqbind.proto.v1.TrainerServiceGrpc;
import io.seqbind.proto.v1.UploadChunk;
import io.seqbind.proto.v1.UploadHeader;
import io.seqbind.proto.v1.UploadJobRequest;
import io.seqbind.proto.v1.UploadJobResponse;
import io.seqbind.proto.v1.UploadedFile;
import io.seqbind.proto.v1.WatchJobRequest;
import io.seqbind.proto.v1.WatchJobResponse;
import io.seqbind.trainer.jobs.JobManager;
import io.seqbind.trainer.jobs.StepRunner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every RPC through a real (in-process) gRPC channel, over a StepRunner and a model store on disk. */
class TrainerGrpcServiceTest {

  @TempDir
  Path dataDir;
  @TempDir
  Path storeDir;

  private StepRunner runner;
  private JobManager manager;
  private ModelStore store;
  private TrainerGrpcService service;
  private Server server;
  private ManagedChannel channel;
  private TrainerServiceGrpc.TrainerServiceBlockingStub blocking;
  private TrainerServiceGrpc.TrainerServiceStub async;

  private void start(StepRunner stepRunner, int capacity) throws Exception {
    start(stepRunner, capacity, io.seqbind.core.io.DataRoots.any());
  }

  private void start(StepRunner stepRunner, int capacity, io.seqbind.core.io.DataRoots roots) throws Exception {
    runner = stepRunner;
    manager = new JobManager(dataDir, runner, new JobManager.Settings(1, capacity, 1000, Duration.ofMillis(1),
        Duration.ofSeconds(5)));
    store = new ModelStore(storeDir);
    service = new TrainerGrpcService(manager, store, roots);
    String name = InProcessServerBuilder.generateName();
    server = InProcessServerBuilder.forName(name).addService(service).build().start();
    channel = InProcessChannelBuilder.forName(name).build();
    blocking = TrainerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
    async = TrainerServiceGrpc.newStub(channel);
  }

  @AfterEach
  void stop() throws Exception {
    if (runner != null) {
      runner.release.countDown();
    }
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      service.close();
      manager.close();
    }
  }

  private static JobSpec spec(String name, String description) {
    return JobSpec.newBuilder().setModel(ModelName.newBuilder().setName(name).setVersion("1"))
        .setDescription(description).build();
  }

  private Job submit(String name) {
    return blocking.submitJob(SubmitJobRequest.newBuilder().setSpec(spec(name, "")).build()).getJob();
  }

  private Job awaitPhase(String id, JobPhase phase) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    Job job;
    while ((job = blocking.getJob(GetJobRequest.newBuilder().setJobId(id).build()).getJob()).getProgress().getPhase()
        != phase) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("job " + id + " did not reach " + phase + ": " + job);
      }
      Thread.sleep(5);
    }
    return job;
  }

  private static void assertStatus(Status.Code code, String messagePart, Runnable call) {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::run);
    assertEquals(code, e.getStatus().getCode(), e.getStatus().toString());
    String description = String.valueOf(e.getStatus().getDescription());
    assertTrue(description.contains(messagePart), "'" + description + "' should contain '" + messagePart + "'");
  }

  // ---- SubmitJob, GetJob, CancelJob ----

  @Test
  void submitQueuesTheJobAndGetJobFollowsItToDone() throws Exception {
    start(new StepRunner(2), 8);
    Job job = submit("ctcf");
    assertEquals(JobPhase.JOB_PHASE_QUEUED, job.getProgress().getPhase());
    assertEquals("ctcf", job.getSpec().getModel().getName());
    Job done = awaitPhase(job.getId(), JobPhase.JOB_PHASE_DONE);
    assertEquals(64, done.getModelId().length());
  }

  @Test
  void submitRefusesBadRequests() throws Exception {
    start(new StepRunner(1), 8);
    assertStatus(Status.Code.INVALID_ARGUMENT, "spec: required",
        () -> blocking.submitJob(SubmitJobRequest.getDefaultInstance()));
    assertStatus(Status.Code.INVALID_ARGUMENT, "spec.model.name: expected 1-128 letters",
        () -> blocking.submitJob(SubmitJobRequest.newBuilder().setSpec(spec("no/slashes", "")).build()));
    assertStatus(Status.Code.INVALID_ARGUMENT, "/data/train.seq:7: line 7: label 'x' is not 0 or 1",
        () -> blocking.submitJob(SubmitJobRequest.newBuilder().setSpec(spec("ctcf", "reject")).build()));
    assertStatus(Status.Code.NOT_FOUND, "/data/absent.seq: no such file",
        () -> blocking.submitJob(SubmitJobRequest.newBuilder().setSpec(spec("ctcf", "missing")).build()));
    assertStatus(Status.Code.FAILED_PRECONDITION, "device 'gpu' asked for, but there is no OpenCL GPU",
        () -> blocking.submitJob(SubmitJobRequest.newBuilder().setSpec(spec("ctcf", "no-gpu")).build()));
    store.add(new byte[] {1, 2, 3}, ModelInfo.newBuilder().setName(ModelName.newBuilder().setName("ctcf")
        .setVersion("1")).build());
    assertStatus(Status.Code.ALREADY_EXISTS, "model ctcf:1 already exists", () -> submit("ctcf"));
    assertEquals(List.of(), manager.list());
  }

  @Test
  void dataPathsOutsideTheDataRootsArePermissionDenied() throws Exception {
    Path allowed = java.nio.file.Files.createDirectories(storeDir.resolve("data"));
    start(new StepRunner(1), 8, new io.seqbind.core.io.DataRoots(List.of(allowed)));
    java.util.function.Function<io.seqbind.proto.v1.Dataset.Builder, SubmitJobRequest> request = data ->
        SubmitJobRequest.newBuilder().setSpec(spec("ctcf", "").toBuilder().setDataset(data)).build();
    io.seqbind.proto.v1.DatasetSource.Builder inside = io.seqbind.proto.v1.DatasetSource.newBuilder()
        .setUri(allowed.resolve("train.seq").toString());

    assertEquals(JobPhase.JOB_PHASE_QUEUED, blocking.submitJob(request.apply(io.seqbind.proto.v1.Dataset.newBuilder()
        .setTrain(inside))).getJob().getProgress().getPhase());
    assertStatus(Status.Code.PERMISSION_DENIED, "spec.dataset.train.uri '/etc/hostname' is outside the server's data"
        + " roots", () -> blocking.submitJob(request.apply(io.seqbind.proto.v1.Dataset.newBuilder()
            .setTrain(inside.clone().setUri("/etc/hostname")))));
    String escape = allowed + "/../outside.seq";
    assertStatus(Status.Code.PERMISSION_DENIED, "spec.dataset.train.uri '" + escape + "'",
        () -> blocking.submitJob(request.apply(io.seqbind.proto.v1.Dataset.newBuilder()
            .setTrain(inside.clone().setUri(escape)))));
    assertStatus(Status.Code.PERMISSION_DENIED, "spec.dataset.test.genome_uri 'file:///srv/genome.fa'",
        () -> blocking.submitJob(request.apply(io.seqbind.proto.v1.Dataset.newBuilder().setTrain(inside)
            .setTest(inside.clone().setGenomeUri("file:///srv/genome.fa")))));
    assertEquals(1, manager.list().size(), "only the job inside the roots was queued");
  }

  @Test
  void aFullQueueIsResourceExhausted() throws Exception {
    start(new StepRunner(1).blockAt(1), 2);
    submit("running");
    assertTrue(runner.reached.await(10, TimeUnit.SECONDS));
    submit("waiting1");
    submit("waiting2");
    assertStatus(Status.Code.RESOURCE_EXHAUSTED, "the job queue is full (2 of 2 places taken)",
        () -> submit("third"));
  }

  @Test
  void unknownJobsAreNotFoundAndAMissingIdIsInvalid() throws Exception {
    start(new StepRunner(1), 8);
    assertStatus(Status.Code.NOT_FOUND, "no job with id 'nope'",
        () -> blocking.getJob(GetJobRequest.newBuilder().setJobId("nope").build()));
    assertStatus(Status.Code.NOT_FOUND, "no job with id 'nope'",
        () -> blocking.cancelJob(CancelJobRequest.newBuilder().setJobId("nope").build()));
    assertStatus(Status.Code.INVALID_ARGUMENT, "job_id: required",
        () -> blocking.getJob(GetJobRequest.getDefaultInstance()));
    assertStatus(Status.Code.NOT_FOUND, "no job with id 'nope'",
        () -> blocking.watchJob(WatchJobRequest.newBuilder().setJobId("nope").build()).hasNext());
  }

  @Test
  void cancelEndsAQueuedJobAndRefusesAFinishedOne() throws Exception {
    start(new StepRunner(1).blockAt(1), 8);
    String running = submit("running").getId();
    assertTrue(runner.reached.await(10, TimeUnit.SECONDS));
    String queued = submit("queued").getId();
    Job cancelled = blocking.cancelJob(CancelJobRequest.newBuilder().setJobId(queued).build()).getJob();
    assertEquals(JobPhase.JOB_PHASE_CANCELLED, cancelled.getProgress().getPhase());

    runner.release.countDown();
    awaitPhase(running, JobPhase.JOB_PHASE_DONE);
    assertStatus(Status.Code.FAILED_PRECONDITION, "is already DONE",
        () -> blocking.cancelJob(CancelJobRequest.newBuilder().setJobId(running).build()));
  }

  // ---- ListJobs ----

  @Test
  void listJobsPagesNewestFirstAndFiltersByPhase() throws Exception {
    start(new StepRunner(1).blockAt(1), 8);
    List<String> ids = new ArrayList<>();
    for (String name : List.of("j1", "j2", "j3", "j4", "j5")) {
      ids.add(submit(name).getId());
    }
    assertTrue(runner.reached.await(10, TimeUnit.SECONDS));
    blocking.cancelJob(CancelJobRequest.newBuilder().setJobId(ids.get(3)).build());

    List<String> seen = new ArrayList<>();
    String token = "";
    List<Integer> pageSizes = new ArrayList<>();
    do {
      ListJobsResponse page = blocking.listJobs(ListJobsRequest.newBuilder().setPageSize(2).setPageToken(token)
          .build());
      page.getJobsList().forEach(j -> seen.add(j.getId()));
      pageSizes.add(page.getJobsCount());
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    assertEquals(List.of(ids.get(4), ids.get(3), ids.get(2), ids.get(1), ids.get(0)), seen);
    assertEquals(List.of(2, 2, 1), pageSizes);

    ListJobsResponse queued = blocking.listJobs(ListJobsRequest.newBuilder()
        .addPhases(JobPhase.JOB_PHASE_QUEUED).build());
    assertEquals(List.of(ids.get(4), ids.get(2), ids.get(1)), queued.getJobsList().stream().map(Job::getId).toList());
    ListJobsResponse cancelled = blocking.listJobs(ListJobsRequest.newBuilder()
        .addPhases(JobPhase.JOB_PHASE_CANCELLED).build());
    assertEquals(List.of(ids.get(3)), cancelled.getJobsList().stream().map(Job::getId).toList());
  }

  @Test
  void listJobsRefusesBadPageTokensAndSizes() throws Exception {
    start(new StepRunner(1).blockAt(1), 8);
    submit("a");
    submit("b");
    assertStatus(Status.Code.INVALID_ARGUMENT, "page_token: not a token from this server's jobs",
        () -> blocking.listJobs(ListJobsRequest.newBuilder().setPageToken("garbage!").build()));
    String token = blocking.listJobs(ListJobsRequest.newBuilder().setPageSize(1).build()).getNextPageToken();
    assertFalse(token.isEmpty());
    assertStatus(Status.Code.INVALID_ARGUMENT, "page_token: made for a different filter",
        () -> blocking.listJobs(ListJobsRequest.newBuilder().setPageToken(token)
            .addPhases(JobPhase.JOB_PHASE_DONE).build()));
    assertStatus(Status.Code.INVALID_ARGUMENT, "page_token: not a token from this server's models",
        () -> blocking.listModels(ListModelsRequest.newBuilder().setPageToken(token).build()));
    assertStatus(Status.Code.INVALID_ARGUMENT, "page_size: must be 0 (the default, 50) or more, got -1",
        () -> blocking.listJobs(ListJobsRequest.newBuilder().setPageSize(-1).build()));
  }

  // ---- WatchJob ----

  @Test
  void watchStreamsThrottledUpdatesAndEndsAfterTheTerminalOne() throws Exception {
    start(new StepRunner(40).stepMillis(10), 8);
    String id = submit("ctcf").getId();
    long started = System.nanoTime();
    Iterator<WatchJobResponse> stream = blocking.watchJob(WatchJobRequest.newBuilder().setJobId(id)
        .setMinInterval(com.google.protobuf.Duration.newBuilder().setNanos(200_000_000)).build());
    List<WatchJobResponse> updates = new ArrayList<>();
    stream.forEachRemaining(updates::add);
    long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

    WatchJobResponse last = updates.get(updates.size() - 1);
    assertEquals(JobPhase.JOB_PHASE_DONE, last.getProgress().getPhase());
    assertEquals(manager.get(id).getModelId(), last.getModelId());
    assertEquals(id, last.getJobId());
    // 42 state changes; at most one update per 200 ms, plus the first and the terminal one.
    long allowed = 2 + (elapsedMillis + 199) / 200;
    assertTrue(updates.size() >= 2 && updates.size() <= allowed,
        "updates: " + updates.size() + " in " + elapsedMillis + " ms, allowed " + allowed);
    for (int i = 0; i < updates.size() - 1; i++) {
      assertFalse(updates.get(i).getModelId().length() > 0, "only the terminal update names the model");
    }
  }

  @Test
  void watchOfAFinishedJobSendsItsFinalStateAndEnds() throws Exception {
    start(new StepRunner(1), 8);
    String id = submit("ctcf").getId();
    Job done = awaitPhase(id, JobPhase.JOB_PHASE_DONE);
    List<WatchJobResponse> updates = new ArrayList<>();
    blocking.watchJob(WatchJobRequest.newBuilder().setJobId(id).build()).forEachRemaining(updates::add);
    assertEquals(1, updates.size());
    assertEquals(done.getProgress(), updates.get(0).getProgress());
    assertEquals(done.getModelId(), updates.get(0).getModelId());
  }

  @Test
  void watchRefusesANegativeInterval() throws Exception {
    start(new StepRunner(1), 8);
    String id = submit("ctcf").getId();
    assertStatus(Status.Code.INVALID_ARGUMENT, "min_interval: must not be negative",
        () -> blocking.watchJob(WatchJobRequest.newBuilder().setJobId(id)
            .setMinInterval(com.google.protobuf.Duration.newBuilder().setSeconds(-1)).build()).hasNext());
  }

  // ---- UploadJob ----

  private static UploadJobRequest header(JobSpec spec, UploadedFile... files) {
    return UploadJobRequest.newBuilder().setHeader(UploadHeader.newBuilder().setSpec(spec)
        .addAllFiles(List.of(files))).build();
  }

  private static UploadJobRequest chunk(DataFileRole role, String data) {
    return UploadJobRequest.newBuilder().setChunk(UploadChunk.newBuilder().setRole(role)
        .setData(ByteString.copyFromUtf8(data))).build();
  }

  private static UploadedFile file(DataFileRole role, String name, String content) {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    return UploadedFile.newBuilder().setRole(role).setName(name).setSizeBytes(bytes.length)
        .setSha256(Sha256.of(bytes)).build();
  }

  /** Sends the messages, half-closes and returns the response (or throws the call's status). */
  private UploadJobResponse upload(UploadJobRequest... messages) throws Exception {
    FirstResponse<UploadJobResponse> response = new FirstResponse<>();
    CompletableFuture<UploadJobResponse> result = response.future();
    StreamObserver<UploadJobRequest> requests = async.uploadJob(response);
    for (UploadJobRequest message : messages) {
      requests.onNext(message);
    }
    requests.onCompleted();
    try {
      return result.get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  private void assertUploadStatus(Status.Code code, String messagePart, UploadJobRequest... messages) {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> upload(messages));
    assertEquals(code, e.getStatus().getCode(), e.getStatus().toString());
    assertTrue(String.valueOf(e.getStatus().getDescription()).contains(messagePart), e.getStatus().toString());
  }

  @Test
  void uploadStoresTheFilesAndQueuesTheJobWithItsUrisPointingAtThem() throws Exception {
    start(new StepRunner(1), 8);
    String train = "FoldID\tEventID\tseq\tBound\nA\tpeak1\tACGTACGT\t1\n";
    String test = ">s1 1\nACGT\n";
    UploadJobResponse response = upload(
        header(spec("ctcf", ""), file(DataFileRole.DATA_FILE_ROLE_TRAIN, "CTCF_AC.seq", train),
            file(DataFileRole.DATA_FILE_ROLE_TEST, "test.fa", test)),
        chunk(DataFileRole.DATA_FILE_ROLE_TRAIN, train.substring(0, 10)),
        chunk(DataFileRole.DATA_FILE_ROLE_TEST, test),
        chunk(DataFileRole.DATA_FILE_ROLE_TRAIN, train.substring(10)));
    Job job = response.getJob();
    Path upload = dataDir.resolve("jobs").resolve(job.getId()).resolve("upload");
    assertEquals(upload.resolve("train-CTCF_AC.seq").toString(), job.getSpec().getDataset().getTrain().getUri());
    assertEquals(upload.resolve("test-test.fa").toString(), job.getSpec().getDataset().getTest().getUri());
    assertEquals(train, Files.readString(upload.resolve("train-CTCF_AC.seq")));
    assertEquals(test, Files.readString(upload.resolve("test-test.fa")));
    awaitPhase(job.getId(), JobPhase.JOB_PHASE_DONE);
  }

  @Test
  void uploadChecksTheServerPathsItDoesNotUploadAgainstTheDataRoots() throws Exception {
    Path allowed = Files.createDirectories(storeDir.resolve("data"));
    start(new StepRunner(1), 8, new io.seqbind.core.io.DataRoots(List.of(allowed)));
    String train = ">s1\nACGT\n";
    UploadedFile fasta = file(DataFileRole.DATA_FILE_ROLE_TRAIN, "train.fa", train);
    JobSpec spec = spec("ctcf", "");
    JobSpec labelsOutside = spec.toBuilder().setDataset(spec.getDataset().toBuilder().setTrain(
        io.seqbind.proto.v1.DatasetSource.newBuilder().setLabelsUri("/etc/shadow"))).build();
    assertUploadStatus(Status.Code.PERMISSION_DENIED, "spec.dataset.train.labels_uri '/etc/shadow' is outside the"
        + " server's data roots", header(labelsOutside, fasta), chunk(DataFileRole.DATA_FILE_ROLE_TRAIN, train));
    JobSpec genomeOutside = spec.toBuilder().setDataset(spec.getDataset().toBuilder().setTest(
        io.seqbind.proto.v1.DatasetSource.newBuilder().setUri(allowed.resolve("test.bed").toString())
            .setGenomeUri("/srv/genome.fa"))).build();
    assertUploadStatus(Status.Code.PERMISSION_DENIED, "spec.dataset.test.genome_uri '/srv/genome.fa'",
        header(genomeOutside, fasta), chunk(DataFileRole.DATA_FILE_ROLE_TRAIN, train));
    assertEquals(List.of(), manager.list());
    assertEquals(List.of(), jobDirs());
    // The uploaded file itself is not a server path: the same upload with nothing outside the roots runs.
    awaitPhase(upload(header(spec, fasta), chunk(DataFileRole.DATA_FILE_ROLE_TRAIN, train)).getJob().getId(),
        JobPhase.JOB_PHASE_DONE);
  }

  @Test
  void aCorruptUploadIsDataLossAndLeavesNothing() throws Exception {
    start(new StepRunner(1), 8);
    UploadedFile announced = file(DataFileRole.DATA_FILE_ROLE_TRAIN, "train.seq", "ACGT");
    assertUploadStatus(Status.Code.DATA_LOSS, "file 'train.seq' (DATA_FILE_ROLE_TRAIN): sha256 of the received"
        + " bytes is " + Sha256.of("ACGA".getBytes(StandardCharsets.UTF_8)),
        header(spec("ctcf", ""), announced), chunk(DataFileRole.DATA_FILE_ROLE_TRAIN, "ACGA"));
    assertUploadStatus(Status.Code.DATA_LOSS, "file 'train.seq' (DATA_FILE_ROLE_TRAIN): received 3 bytes, the"
        + " header announced 4", header(spec("ctcf", ""), announced), chunk(DataFileRole.DATA_FILE_ROLE_TRAIN, "ACG"));
    assertEquals(List.of(), manager.list());
    assertEquals(List.of(), jobDirs());
  }

  @Test
  void anUploadTheRunnerRefusesIsInvalidAndLeavesNothing() throws Exception {
    start(new StepRunner(1), 8);
    assertUploadStatus(Status.Code.INVALID_ARGUMENT, "/data/train.seq:7: line 7: label 'x' is not 0 or 1",
        header(spec("ctcf", "reject"), file(DataFileRole.DATA_FILE_ROLE_TRAIN, "train.seq", "ACGT")),
        chunk(DataFileRole.DATA_FILE_ROLE_TRAIN, "ACGT"));
    assertEquals(List.of(), manager.list());
    assertEquals(List.of(), jobDirs());
  }

  @Test
  void anUploadTheClientAbandonsLeavesNothing() throws Exception {
    start(new StepRunner(1), 8);
    CompletableFuture<Throwable> ended = new CompletableFuture<>();
    StreamObserver<UploadJobRequest> requests = async.uploadJob(new StreamObserver<>() {
      @Override
      public void onNext(UploadJobResponse value) {
        ended.complete(null);
      }

      @Override
      public void onError(Throwable t) {
        ended.complete(t);
      }

      @Override
      public void onCompleted() {}
    });
    requests.onNext(header(spec("ctcf", ""), file(DataFileRole.DATA_FILE_ROLE_TRAIN, "train.seq", "ACGTACGT")));
    requests.onNext(chunk(DataFileRole.DATA_FILE_ROLE_TRAIN, "ACGT"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (jobDirs().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(5); // the server has the header once the job directory is reserved
    }
    assertEquals(1, jobDirs().size());
    requests.onError(new RuntimeException("client gave up"));
    assertEquals(Status.Code.CANCELLED, Status.fromThrowable(ended.get(10, TimeUnit.SECONDS)).getCode());
    while (!jobDirs().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertEquals(List.of(), jobDirs());
    assertEquals(List.of(), manager.list());
  }

  @Test
  void uploadRefusesMalformedStreams() throws Exception {
    start(new StepRunner(1), 8);
    UploadedFile announced = file(DataFileRole.DATA_FILE_ROLE_TRAIN, "train.seq", "ACGT");
    assertUploadStatus(Status.Code.INVALID_ARGUMENT, "expected the header first",
        chunk(DataFileRole.DATA_FILE_ROLE_TRAIN, "ACGT"));
    assertUploadStatus(Status.Code.INVALID_ARGUMENT, "more than the announced 4 bytes",
        header(spec("ctcf", ""), announced), chunk(DataFileRole.DATA_FILE_ROLE_TRAIN, "ACGTA"));
    assertUploadStatus(Status.Code.INVALID_ARGUMENT, "DATA_FILE_ROLE_TEST was not announced",
        header(spec("ctcf", ""), announced), chunk(DataFileRole.DATA_FILE_ROLE_TEST, "AC"));
    assertUploadStatus(Status.Code.INVALID_ARGUMENT, "a second header",
        header(spec("ctcf", ""), announced), header(spec("ctcf", ""), announced));
    assertUploadStatus(Status.Code.INVALID_ARGUMENT, "header.files[0].name: expected a plain file name",
        header(spec("ctcf", ""), announced.toBuilder().setName("../escape").build()));
    assertUploadStatus(Status.Code.INVALID_ARGUMENT, "header.spec.dataset.train.uri: must be empty",
        header(spec("ctcf", "").toBuilder().setDataset(io.seqbind.proto.v1.Dataset.newBuilder()
            .setTrain(io.seqbind.proto.v1.DatasetSource.newBuilder().setUri("/srv/x.seq"))).build(), announced));
    assertEquals(List.of(), jobDirs());
  }

  @Test
  void anUploadLargerThanTheServerAcceptsIsResourceExhausted() throws Exception {
    start(new StepRunner(1), 8); // accepts 1000 bytes
    String big = "A".repeat(1001);
    assertUploadStatus(Status.Code.RESOURCE_EXHAUSTED, "the upload announces 1001 bytes; this server accepts at"
        + " most 1000", header(spec("ctcf", ""), file(DataFileRole.DATA_FILE_ROLE_TRAIN, "big.seq", big)));
  }

  // ---- models ----

  private ModelInfo addModel(String name, String version, long createSeconds, byte[] onnx) throws Exception {
    return store.add(onnx, ModelInfo.newBuilder().setName(ModelName.newBuilder().setName(name).setVersion(version))
        .setCreateTime(Timestamp.newBuilder().setSeconds(createSeconds)).build()).info();
  }

  @Test
  void listModelsPagesByNameThenNewestFirstAndFiltersByName() throws Exception {
    start(new StepRunner(1), 8);
    ModelInfo a1 = addModel("a", "1", 100, new byte[] {1});
    ModelInfo a2 = addModel("a", "2", 200, new byte[] {2});
    ModelInfo b1 = addModel("b", "1", 150, new byte[] {3});

    ListModelsResponse first = blocking.listModels(ListModelsRequest.newBuilder().setPageSize(2).build());
    assertEquals(List.of(a2, a1), first.getModelsList());
    ListModelsResponse second = blocking.listModels(ListModelsRequest.newBuilder().setPageSize(2)
        .setPageToken(first.getNextPageToken()).build());
    assertEquals(List.of(b1), second.getModelsList());
    assertEquals("", second.getNextPageToken());

    assertEquals(List.of(b1), blocking.listModels(ListModelsRequest.newBuilder().setName("b").build())
        .getModelsList());
    assertStatus(Status.Code.INVALID_ARGUMENT, "page_token: made for a different filter",
        () -> blocking.listModels(ListModelsRequest.newBuilder().setName("b").setPageSize(2)
            .setPageToken(first.getNextPageToken()).build()));
    assertStatus(Status.Code.INVALID_ARGUMENT, "page_size: must be 0",
        () -> blocking.listModels(ListModelsRequest.newBuilder().setPageSize(-5).build()));
  }

  @Test
  void getModelReturnsTheManifestVerbatimByIdOrName() throws Exception {
    start(new StepRunner(1), 8);
    ModelInfo info = addModel("ctcf", "1", 100, new byte[] {9, 9});
    String manifest = Files.readString(storeDir.resolve("ctcf/1/manifest.json"));

    GetModelResponse byId = blocking.getModel(GetModelRequest.newBuilder()
        .setModel(ModelRef.newBuilder().setId(info.getId())).build());
    assertEquals(info, byId.getModel());
    assertEquals(manifest, byId.getManifestJson());
    GetModelResponse byName = blocking.getModel(GetModelRequest.newBuilder()
        .setModel(ModelRef.newBuilder().setName(ModelName.newBuilder().setName("ctcf"))).build());
    assertEquals(info, byName.getModel());
  }

  @Test
  void getModelErrors() throws Exception {
    start(new StepRunner(1), 8);
    ModelInfo info = addModel("ctcf", "1", 100, new byte[] {9, 9});
    assertStatus(Status.Code.INVALID_ARGUMENT, "model: set model.id or model.name",
        () -> blocking.getModel(GetModelRequest.getDefaultInstance()));
    assertStatus(Status.Code.INVALID_ARGUMENT, "model.id: expected the 64 lowercase hex digits",
        () -> blocking.getModel(GetModelRequest.newBuilder().setModel(ModelRef.newBuilder().setId("abc")).build()));
    assertStatus(Status.Code.NOT_FOUND, "no model named other",
        () -> blocking.getModel(GetModelRequest.newBuilder()
            .setModel(ModelRef.newBuilder().setName(ModelName.newBuilder().setName("other"))).build()));
    assertStatus(Status.Code.NOT_FOUND, "no model with id " + "0".repeat(64),
        () -> blocking.getModel(GetModelRequest.newBuilder()
            .setModel(ModelRef.newBuilder().setId("0".repeat(64))).build()));

    Files.write(storeDir.resolve("ctcf/1/model.onnx"), new byte[] {9, 8}); // same size, other bytes
    assertStatus(Status.Code.FAILED_PRECONDITION, "differs from the manifest's id " + info.getId(),
        () -> blocking.getModel(GetModelRequest.newBuilder()
            .setModel(ModelRef.newBuilder().setId(info.getId())).build()));
  }

  // ---- presets ----

  @Test
  void listPresetsExpandsDeepBindWithATaskCountTakenFromTheData() throws Exception {
    start(new StepRunner(1), 8);
    List<Preset> presets = blocking.listPresets(ListPresetsRequest.getDefaultInstance()).getPresetsList();
    List<String> names = presets.stream().map(Preset::getName).toList();
    assertEquals(names.stream().sorted().toList(), names);
    assertEquals(14, presets.size());
    Preset deepbind = presets.stream().filter(p -> p.getName().equals("deepbind")).findFirst().orElseThrow();
    Layer relu = Layer.newBuilder().setActivation(ActivationLayer.newBuilder()
        .setFunction(ActivationFunction.ACTIVATION_FUNCTION_RELU)).build();
    assertEquals(List.of(
        Layer.newBuilder().setConv1D(Conv1dLayer.newBuilder().setFilters(16).setWidth(24)
            .setDilation(Int32Value.of(1))).build(),
        relu,
        Layer.newBuilder().setGlobalPool(GlobalPoolLayer.newBuilder().setMode(GlobalPoolMode.GLOBAL_POOL_MODE_MAX))
            .build(),
        Layer.newBuilder().setDense(DenseLayer.newBuilder().setUnits(32)).build(),
        relu,
        Layer.newBuilder().setDropout(DropoutLayer.newBuilder().setRate(FloatValue.of(0.5f))).build()),
        deepbind.getArchitecture().getLayersList());
    assertEquals(OutputHead.newBuilder().setTaskCount(0).setTaskType(TaskType.TASK_TYPE_BINARY).build(),
        deepbind.getArchitecture().getHead());
    assertEquals(24, deepbind.getMinLength());
    assertTrue(deepbind.getDescription().startsWith("DeepBind (Alipanahi et al. 2015"), deepbind.getDescription());
    Preset basset = presets.stream().filter(p -> p.getName().equals("basset")).findFirst().orElseThrow();
    assertEquals(0, basset.getArchitecture().getHead().getTaskCount());
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
