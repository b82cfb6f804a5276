package io.seqbind.trainer.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.seqbind.core.bundle.ModelStore;
import io.seqbind.core.grpc.StatusMapping;
import io.seqbind.core.io.DataRoots;
import io.seqbind.proto.v1.CancelJobRequest;
import io.seqbind.proto.v1.CancelJobResponse;
import io.seqbind.proto.v1.GetJobRequest;
import io.seqbind.proto.v1.GetJobResponse;
import io.seqbind.proto.v1.GetModelRequest;
import io.seqbind.proto.v1.GetModelResponse;
import io.seqbind.proto.v1.Job;
import io.seqbind.proto.v1.ListJobsRequest;
import io.seqbind.proto.v1.ListJobsResponse;
import io.seqbind.proto.v1.ListModelsRequest;
import io.seqbind.proto.v1.ListModelsResponse;
import io.seqbind.proto.v1.ListPresetsRequest;
import io.seqbind.proto.v1.ListPresetsResponse;
import io.seqbind.proto.v1.ModelInfo;
import io.seqbind.proto.v1.SubmitJobRequest;
import io.seqbind.proto.v1.SubmitJobResponse;
import io.seqbind.proto.v1.TrainerServiceGrpc;
import io.seqbind.proto.v1.UploadJobRequest;
import io.seqbind.proto.v1.UploadJobResponse;
import io.seqbind.proto.v1.WatchJobRequest;
import io.seqbind.proto.v1.WatchJobResponse;
import io.seqbind.trainer.jobs.JobManager;
import io.seqbind.trainer.jobs.JobRefusedException;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * seqbind.v1.TrainerService: maps each request to a call of the plain classes ({@link JobManager},
 * {@link ModelCatalog}, {@link JobListing}, {@link JobWatches}, {@link UploadCall}) and their exceptions to
 * statuses ({@link #status}); nothing else. The caller of a call is the principal authentication put in the
 * gRPC context ({@link Callers}): jobs are per owner.
 *
 * <p>The Quarkus service's bean as it is ({@code io.seqbind.trainer.quarkus.TrainerBeans} produces the
 * constructor's arguments from configuration); the CLI's in-process server and the tests build it with
 * {@code new}. Blocking: the calls touch the disk (job files, uploads, the model store) and must stay off the
 * event loop.
 */
@GrpcService
@Singleton
@Blocking
public class TrainerGrpcService extends TrainerServiceGrpc.TrainerServiceImplBase implements AutoCloseable {

  private static final StatusMapping ERRORS = StatusMapping.forService("the trainer")
      .map(SecurityException.class, Status.Code.PERMISSION_DENIED)
      .build();

  private final JobManager jobs;
  private final ModelCatalog models;
  private final JobChecks checks;
  private final JobListing listing;
  private final JobWatches watches;
  private final ListPresetsResponse presets = PresetCatalog.list();

  /** Reads data from any path the process can read (the CLI's in-process services). */
  public TrainerGrpcService(JobManager jobs, ModelStore store) {
    this(jobs, store, DataRoots.any());
  }

  /**
   * The caller owns {@code jobs} and {@code store}: closing this service closes neither. SubmitJob's data paths
   * must lie under {@code dataRoots}.
   */
  @Inject
  public TrainerGrpcService(JobManager jobs, ModelStore store, DataRoots dataRoots) {
    this.jobs = jobs;
    this.models = new ModelCatalog(store);
    this.checks = new JobChecks(models, new ServerPaths(dataRoots));
    this.listing = new JobListing(jobs);
    this.watches = new JobWatches(jobs);
  }

  /** Stops the WatchJob timer; open watches then get no more updates. */
  @Override
  @PreDestroy
  public void close() {
    watches.close();
  }

  // ---- jobs ----

  @Override
  public void submitJob(SubmitJobRequest request, StreamObserver<SubmitJobResponse> responses) {
    unary(responses, () -> {
      if (!request.hasSpec()) {
        throw new IllegalArgumentException("spec: required (the job to run)");
      }
      checks.check(request.getSpec(), "spec");
      Job job = jobs.submit(request.getSpec(), request.getRequestId(), Callers.current());
      return SubmitJobResponse.newBuilder().setJob(job).build();
    });
  }

  @Override
  public StreamObserver<UploadJobRequest> uploadJob(StreamObserver<UploadJobResponse> responses) {
    return new UploadCall(jobs, checks, Callers.current(), responses, TrainerGrpcService::status);
  }

  @Override
  public void watchJob(WatchJobRequest request, StreamObserver<WatchJobResponse> responses) {
    try {
      watches.watch(requireJobId(request.getJobId()), Callers.current(),
          request.hasMinInterval() ? request.getMinInterval() : null,
          (ServerCallStreamObserver<WatchJobResponse>) responses);
    } catch (Exception e) {
      responses.onError(status(e));
    }
  }

  @Override
  public void getJob(GetJobRequest request, StreamObserver<GetJobResponse> responses) {
    unary(responses, () -> GetJobResponse.newBuilder()
        .setJob(jobs.get(requireJobId(request.getJobId()), Callers.current())).build());
  }

  @Override
  public void listJobs(ListJobsRequest request, StreamObserver<ListJobsResponse> responses) {
    unary(responses, () -> {
      KeysetPager.Page<Job> page = listing.list(Callers.current(), request.getPhasesList(),
          request.getPhasesValueList(), request.getPageSize(), request.getPageToken());
      return ListJobsResponse.newBuilder().addAllJobs(page.items()).setNextPageToken(page.nextPageToken()).build();
    });
  }

  @Override
  public void cancelJob(CancelJobRequest request, StreamObserver<CancelJobResponse> responses) {
    unary(responses, () -> CancelJobResponse.newBuilder()
        .setJob(jobs.cancel(requireJobId(request.getJobId()), Callers.current())).build());
  }

  // ---- models ----

  @Override
  public void listModels(ListModelsRequest request, StreamObserver<ListModelsResponse> responses) {
    unary(responses, () -> {
      KeysetPager.Page<ModelInfo> page = models.list(request.getName(), request.getPageSize(), request.getPageToken());
      return ListModelsResponse.newBuilder().addAllModels(page.items()).setNextPageToken(page.nextPageToken())
          .build();
    });
  }

  @Override
  public void getModel(GetModelRequest request, StreamObserver<GetModelResponse> responses) {
    unary(responses, () -> models.get(request.getModel()));
  }

  @Override
  public void listPresets(ListPresetsRequest request, StreamObserver<ListPresetsResponse> responses) {
    responses.onNext(presets);
    responses.onCompleted();
  }

  // ---- mapping ----

  private static String requireJobId(String id) {
    if (id.isEmpty()) {
      throw new IllegalArgumentException("job_id: required (the id SubmitJob or UploadJob returned)");
    }
    return id;
  }

  /**
   * The status of a failed call: a queue refusal has its reason's code; a refused server path is
   * PERMISSION_DENIED; the rest as every service maps them (a malformed request INVALID_ARGUMENT, the store's
   * NOT_FOUND and FAILED_PRECONDITION, anything unexpected INTERNAL without its details).
   */
  static StatusRuntimeException status(Throwable e) {
    if (e instanceof JobRefusedException refused) {
      return Status.fromCode(refused.reason().code()).withDescription(refused.getMessage()).asRuntimeException();
    }
    return ERRORS.of(e);
  }

  /** The body of a unary call: returns the response or throws. */
  @FunctionalInterface
  private interface Body<T> {
    T call() throws Exception;
  }

  private static <T> void unary(StreamObserver<T> responses, Body<T> body) {
    T response;
    try {
      response = body.call();
    } catch (Exception e) {
      responses.onError(status(e));
      return;
    }
    responses.onNext(response);
    responses.onCompleted();
  }
}
