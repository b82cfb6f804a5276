package io.seqbind.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every seqbind service must do once its jar has started, checked from outside as a client,
 * Kubernetes probe or Prometheus scraper would: readiness UP, gRPC health SERVING, reflection listing the
 * services, Prometheus metrics. Each service module extends this in an integration test that runs against
 * its packaged jar.
 */
public abstract class RunningServiceChecks {

  private final HttpClient http = HttpClient.newHttpClient();
  private ManagedChannel channel;

  /** The port the service under test serves HTTP (health, metrics) on. */
  protected abstract int httpPort();

  /** The port the service under test serves gRPC on. */
  protected abstract int grpcPort();

  /** Fully qualified gRPC services that reflection must list besides health and reflection. */
  protected abstract Set<String> seqbindServices();

  @BeforeEach
  void connect() {
    channel = ManagedChannelBuilder.forAddress("localhost", grpcPort()).usePlaintext().build();
  }

  @AfterEach
  void disconnect() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void readinessIsUp() throws Exception {
    HttpResponse<String> response = get("/q/health/ready");
    assertEquals(200, response.statusCode(), response.body());
    assertTrue(response.body().replace(" ", "").contains("\"status\":\"UP\""), response.body());
  }

  @Test
  void grpcHealthIsServing() {
    HealthCheckResponse response = HealthGrpc.newBlockingStub(channel)
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .check(HealthCheckRequest.newBuilder().build());
    assertEquals(HealthCheckResponse.ServingStatus.SERVING, response.getStatus());
  }

  @Test
  void reflectionListsTheRegisteredServices() throws Exception {
    Set<String> listed = listServicesByReflection();
    assertTrue(listed.contains("grpc.health.v1.Health"), "listed: " + listed);
    assertTrue(listed.containsAll(seqbindServices()), "listed: " + listed);
  }

  @Test
  void prometheusMetricsAreExposed() throws Exception {
    HttpResponse<String> response = get("/q/metrics");
    assertEquals(200, response.statusCode());
    assertTrue(response.body().contains("jvm_memory_used_bytes"), "no JVM metrics in /q/metrics");
  }

  private HttpResponse<String> get(String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort() + path)).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private Set<String> listServicesByReflection() throws Exception {
    CompletableFuture<List<ServiceResponse>> services = new CompletableFuture<>();
    StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .serverReflectionInfo(new StreamObserver<>() {
          @Override
          public void onNext(ServerReflectionResponse response) {
            services.complete(response.getListServicesResponse().getServiceList());
          }

          @Override
          public void onError(Throwable t) {
            services.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {}
        });
    requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
    requests.onCompleted();
    return services.get(10, TimeUnit.SECONDS).stream().map(ServiceResponse::getName).collect(Collectors.toSet());
  }
}
