package io.seqbind.trainer.service;

import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.quarkus.runtime.ShutdownEvent;
import io.seqbind.core.bundle.ModelStore;
import io.seqbind.core.io.DataRoots;
import io.seqbind.proto.v1.CancelJobRequest;
import io.seqbind.proto.v1.CancelJobResponse;
import io.seqbind.proto.v1.GetJobRequest;
import io.seqbind.proto.v1.GetJobResponse;
import io.seqbind.proto.v1.GetModelRequest;
import io.seqbind.proto.v1.GetModelResponse;
import io.seqbind.proto.v1.ListJobsRequest;
import io.seqbind.proto.v1.ListJobsResponse;
import io.seqbind.proto.v1.ListModelsRequest;
import io.seqbind.proto.v1.ListModelsResponse;
import io.seqbind.proto.v1.ListPresetsRequest;
import io.seqbind.proto.v1.ListPresetsResponse;
import io.seqbind.proto.v1.SubmitJobRequest;
import io.seqbind.proto.v1.SubmitJobResponse;
import io.seqbind.proto.v1.TrainerServiceGrpc;
import io.seqbind.proto.v1.UploadJobRequest;
import io.seqbind.proto.v1.UploadJobResponse;
import io.seqbind.proto.v1.WatchJobRequest;
import io.seqbind.proto.v1.WatchJobResponse;
import io.seqbind.trainer.grpc.TrainerGrpcService;
import io.seqbind.trainer.jobs.JobManager;
import io.smallrye.common.annotation.Blocking;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Registers {@link TrainerGrpcService} with Quarkus's gRPC server. It implements the generated AsyncService
 * itself, like ReadinessHealthService, because Quarkus finds gRPC methods (and their {@code @Blocking}) on the
 * bean's own class; every method only forwards. Blocking: the calls touch the disk (job files, uploads, the
 * model store) and must stay off the event loop.
 */
@GrpcService
@Singleton
@Blocking
public class TrainerGrpcEndpoint implements TrainerServiceGrpc.AsyncService, BindableService {

  private final TrainerGrpcService service;

  @Inject
  public TrainerGrpcEndpoint(JobManager jobs, ModelStore store,
      @ConfigProperty(name = "seqbind.trainer.data-roots") Optional<List<Path>> dataRoots) {
    this.service = new TrainerGrpcService(jobs, store, new DataRoots(dataRoots.orElse(List.of())));
  }

  @Override
  public ServerServiceDefinition bindService() {
    return TrainerServiceGrpc.bindService(this);
  }

  void onShutdown(@Observes ShutdownEvent event) {
    service.close();
  }

  @Override
  public void submitJob(SubmitJobRequest request, StreamObserver<SubmitJobResponse> responses) {
    service.submitJob(request, responses);
  }

  @Override
  public StreamObserver<UploadJobRequest> uploadJob(StreamObserver<UploadJobResponse> responses) {
    return service.uploadJob(responses);
  }

  @Override
  public void watchJob(WatchJobRequest request, StreamObserver<WatchJobResponse> responses) {
    service.watchJob(request, responses);
  }

  @Override
  public void getJob(GetJobRequest request, StreamObserver<GetJobResponse> responses) {
    service.getJob(request, responses);
  }

  @Override
  public void listJobs(ListJobsRequest request, StreamObserver<ListJobsResponse> responses) {
    service.listJobs(request, responses);
  }

  @Override
  public void cancelJob(CancelJobRequest request, StreamObserver<CancelJobResponse> responses) {
    service.cancelJob(request, responses);
  }

  @Override
  public void listModels(ListModelsRequest request, StreamObserver<ListModelsResponse> responses) {
    service.listModels(request, responses);
  }

  @Override
  public void getModel(GetModelRequest request, StreamObserver<GetModelResponse> responses) {
    service.getModel(request, responses);
  }

  @Override
  public void listPresets(ListPresetsRequest request, StreamObserver<ListPresetsResponse> responses) {
    service.listPresets(request, responses);
  }
}
