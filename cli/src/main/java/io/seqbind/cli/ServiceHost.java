package io.seqbind.cli;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.seqbind.core.bundle.ModelStore;
import io.seqbind.core.io.DataRoots;
import io.seqbind.proto.v1.ScorerServiceGrpc;
import io.seqbind.scorer.ScorerRuntime;
import io.seqbind.scorer.ScorerSettings;
import io.seqbind.scorer.runtime.OrtNativeCache;
import io.seqbind.trainer.grpc.TrainerGrpcService;
import io.seqbind.trainer.jobs.JobManager;
import io.seqbind.trainer.jobs.TrainingJobRunner;
import io.seqbind.variant.grpc.StoreModels;
import io.seqbind.variant.grpc.VariantGrpcService;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The three seqbind services built from their plain classes over one model store, served in-process. The
 * CLI talks to them through {@link #channel()} exactly as it talks to remote services, so a command has one
 * code path; {@code seqbind serve} also binds {@link #services()} to a network port. The variant service
 * reaches the scorer through the same in-process server, as it reaches a remote scorer in a deployment.
 */
final class ServiceHost implements AutoCloseable {

  private final ScorerRuntime scorer;
  private final JobManager jobs;
  private final TrainerGrpcService trainer;
  private final List<ServerServiceDefinition> services;
  private final Server server;
  private final ManagedChannel channel;

  private ServiceHost(ModelStore store, Path jobsDir, DataRoots dataRoots, JobManager.Settings jobSettings,
      MeterRegistry registry) throws IOException {
    String name = InProcessServerBuilder.generateName();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    // A command is a short process: ONNX Runtime's libraries come from the user's cache instead of being
    // inflated out of the jar at every start (OrtNativeCache; without a usable cache ONNX Runtime extracts them).
    OrtNativeCache.userCacheRoot().ifPresent(OrtNativeCache::use);
    scorer = ScorerRuntime.create(store, ScorerSettings.defaults(), registry);
    jobs = new JobManager(jobsDir, new TrainingJobRunner(store), jobSettings);
    trainer = new TrainerGrpcService(jobs, store, dataRoots);
    VariantGrpcService variant = new VariantGrpcService(ScorerServiceGrpc.newBlockingStub(channel),
        new StoreModels(store), VariantGrpcService.Settings.defaults().withDataRoots(dataRoots));
    services = List.of(trainer.bindService(), scorer.service().bindService(), variant.bindService());
    InProcessServerBuilder builder = InProcessServerBuilder.forName(name);
    services.forEach(builder::addService);
    server = builder.build().start();
  }

  /** Starts the services over {@code store}; training jobs keep their state under {@code jobsDir}. */
  static ServiceHost start(ModelStore store, Path jobsDir, MeterRegistry registry) throws IOException {
    return start(store, jobsDir, DataRoots.any(), JobManager.Settings.defaults(), registry);
  }

  /**
   * As {@link #start(ModelStore, Path, MeterRegistry)}, reading request paths (SubmitJob's data, ScoreVcf's
   * VCF and genome) only where {@code dataRoots} allow (the in-process default: any path), with the job queue's
   * {@code jobSettings} (upload limits and quota among them).
   */
  static ServiceHost start(ModelStore store, Path jobsDir, DataRoots dataRoots, JobManager.Settings jobSettings,
      MeterRegistry registry) throws IOException {
    return new ServiceHost(store, jobsDir, dataRoots, jobSettings, registry);
  }

  ManagedChannel channel() {
    return channel;
  }

  List<ServerServiceDefinition> services() {
    return services;
  }

  @Override
  public void close() {
    channel.shutdownNow();
    server.shutdownNow();
    trainer.close();
    jobs.close();
    scorer.close();
    try {
      server.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
