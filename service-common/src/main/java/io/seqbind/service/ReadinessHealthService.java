package io.seqbind.service;

import io.seqbind.core.concurrent.DaemonThreads;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.health.SmallRyeHealthReporter;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code grpc.health.v1.Health} answering from the service's MicroProfile readiness checks, so a gRPC
 * probe (Kubernetes {@code grpc:} probes, load balancers, grpc_health_probe) and {@code /q/health/ready}
 * always agree, and the service reports NOT_SERVING while it shuts down so callers drain first.
 *
 * <p>Quarkus's own gRPC health endpoint is switched off ({@code quarkus.grpc.server.grpc-health.enabled=false}):
 * it only reports whether the gRPC server is up, and Quarkus starts no gRPC server at all for an
 * application that has no service of its own yet.
 *
 * <p>Every service name, including the empty name of the whole server, answers with the server's
 * readiness: a seqbind service is ready exactly when its process is.
 */
@GrpcService
@Singleton
@Blocking
public class ReadinessHealthService implements HealthGrpc.AsyncService, BindableService {

  /** How often a Watch re-evaluates readiness. */
  static final long WATCH_PERIOD_MILLIS = 2_000;

  private final SmallRyeHealthReporter reporter;
  private final ScheduledExecutorService watchTimer = Executors.newSingleThreadScheduledExecutor(
      DaemonThreads.single("grpc-health-watch"));
  private volatile boolean shuttingDown;

  @Inject
  public ReadinessHealthService(SmallRyeHealthReporter reporter) {
    this.reporter = reporter;
  }

  /**
   * Implemented here rather than inherited from {@code HealthImplBase}: Quarkus finds gRPC services through
   * its class index, which does not contain grpc-services' base classes.
   */
  @Override
  public ServerServiceDefinition bindService() {
    return HealthGrpc.bindService(this);
  }

  void onShutdown(@Observes ShutdownEvent event) {
    shuttingDown = true;
    watchTimer.shutdownNow();
  }

  @Override
  public void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> responses) {
    responses.onNext(response(currentStatus()));
    responses.onCompleted();
  }

  @Override
  public void watch(HealthCheckRequest request, StreamObserver<HealthCheckResponse> responses) {
    ServerCallStreamObserver<HealthCheckResponse> call = (ServerCallStreamObserver<HealthCheckResponse>) responses;
    AtomicReference<ServingStatus> last = new AtomicReference<>();
    Runnable publishOnChange = () -> {
      ServingStatus now = currentStatus();
      if (!call.isCancelled() && last.getAndSet(now) != now) {
        synchronized (call) {
          call.onNext(response(now));
        }
      }
    };
    publishOnChange.run();
    if (shuttingDown) {
      call.onError(io.grpc.Status.UNAVAILABLE.withDescription("service is shutting down").asRuntimeException());
      return;
    }
    ScheduledFuture<?> polling = watchTimer.scheduleWithFixedDelay(
        publishOnChange, WATCH_PERIOD_MILLIS, WATCH_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    call.setOnCancelHandler(() -> polling.cancel(false));
  }

  private ServingStatus currentStatus() {
    if (shuttingDown) {
      return ServingStatus.NOT_SERVING;
    }
    return reporter.getReadiness().isDown() ? ServingStatus.NOT_SERVING : ServingStatus.SERVING;
  }

  private static HealthCheckResponse response(ServingStatus status) {
    return HealthCheckResponse.newBuilder().setStatus(status).build();
  }
}
