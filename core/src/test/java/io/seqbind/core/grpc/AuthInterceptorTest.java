package io.seqbind.core.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.ServerCalls;
import io.seqbind.core.io.InputFormatException;
import io.seqbind.proto.v1.GetJobRequest;
import io.seqbind.proto.v1.GetJobResponse;
import io.seqbind.proto.v1.GetRuntimeInfoRequest;
import io.seqbind.proto.v1.GetRuntimeInfoResponse;
import io.seqbind.proto.v1.Job;
import io.seqbind.proto.v1.ScorerServiceGrpc;
import io.seqbind.proto.v1.TrainerServiceGrpc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens and roles on a real server: what each kind of caller gets, with the exact status and message. */
class AuthInterceptorTest {

  private static final String SCORER_TOKEN = "score-token-0123456789";
  private static final String TRAINER_TOKEN = "train-token-0123456789";
  private static final String ADMIN_TOKEN = "admin-token-0123456789";

  @TempDir
  Path dir;
  private Server server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    Path tokens = Files.writeString(dir.resolve("tokens"), "# token principal roles\n" + SCORER_TOKEN
        + " alice score\n" + TRAINER_TOKEN + "  bob   train,score\n\n" + ADMIN_TOKEN + " ops admin\n");
    // Each service answers with who called, so the test sees the principal reach the handler.
    ServerServiceDefinition trainer = ServerServiceDefinition.builder(TrainerServiceGrpc.SERVICE_NAME)
        .addMethod(TrainerServiceGrpc.getGetJobMethod(), ServerCalls.<GetJobRequest, GetJobResponse>asyncUnaryCall(
            (request, out) -> {
              out.onNext(GetJobResponse.newBuilder().setJob(Job.newBuilder()
                  .setId(AuthInterceptor.PRINCIPAL.get().name())).build());
              out.onCompleted();
            }))
        .build();
    ServerServiceDefinition scorer = ServerServiceDefinition.builder(ScorerServiceGrpc.SERVICE_NAME)
        .addMethod(ScorerServiceGrpc.getGetRuntimeInfoMethod(),
            ServerCalls.<GetRuntimeInfoRequest, GetRuntimeInfoResponse>asyncUnaryCall((request, out) -> {
              out.onNext(GetRuntimeInfoResponse.getDefaultInstance());
              out.onCompleted();
            }))
        .build();
    server = NettyServerBuilder.forPort(0).addService(trainer).addService(scorer)
        .addService(new HealthStatusManager().getHealthService())
        .intercept(new AuthInterceptor(AuthTokens.read(tokens))).build().start();
    channel = ManagedChannelBuilder.forAddress("localhost", server.getPort()).usePlaintext().build();
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow();
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  private TrainerServiceGrpc.TrainerServiceBlockingStub trainer(String authorization) {
    return TrainerServiceGrpc.newBlockingStub(channel).withInterceptors(headers(authorization));
  }

  private static io.grpc.ClientInterceptor headers(String authorization) {
    Metadata headers = new Metadata();
    if (authorization != null) {
      headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), authorization);
    }
    return MetadataUtils.newAttachHeadersInterceptor(headers);
  }

  private static void assertStatus(Status.Code code, String description, Runnable call) {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::run);
    assertEquals(code, e.getStatus().getCode());
    assertEquals(description, e.getStatus().getDescription());
  }

  @Test
  void aKnownTokenWithTheRoleReachesTheServiceAsItsPrincipal() {
    assertEquals("bob", trainer("Bearer " + TRAINER_TOKEN).getJob(GetJobRequest.getDefaultInstance()).getJob().getId());
    assertEquals("ops", trainer("bearer " + ADMIN_TOKEN).getJob(GetJobRequest.getDefaultInstance()).getJob().getId());
    ScorerServiceGrpc.newBlockingStub(channel).withInterceptors(headers("Bearer " + TRAINER_TOKEN))
        .getRuntimeInfo(GetRuntimeInfoRequest.getDefaultInstance());
  }

  @Test
  void noOrAnUnknownTokenIsUnauthenticated() {
    assertStatus(Status.Code.UNAUTHENTICATED, "no bearer token: send 'authorization: Bearer <token>' (seqbind --token"
        + " or SEQBIND_TOKEN)", () -> trainer(null).getJob(GetJobRequest.getDefaultInstance()));
    assertStatus(Status.Code.UNAUTHENTICATED, "unknown bearer token",
        () -> trainer("Bearer " + TRAINER_TOKEN + "x").getJob(GetJobRequest.getDefaultInstance()));
    assertStatus(Status.Code.UNAUTHENTICATED, "unknown bearer token",
        () -> trainer("Basic " + TRAINER_TOKEN).getJob(GetJobRequest.getDefaultInstance()));
  }

  @Test
  void aRoleThatDoesNotAllowTheCallIsPermissionDenied() {
    assertStatus(Status.Code.PERMISSION_DENIED, "alice may not call seqbind.v1.TrainerService/GetJob, which needs the"
        + " train role", () -> trainer("Bearer " + SCORER_TOKEN).getJob(GetJobRequest.getDefaultInstance()));
  }

  @Test
  void healthStaysOpenForProbes() {
    assertEquals(HealthCheckResponse.ServingStatus.SERVING,
        HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.getDefaultInstance()).getStatus());
  }

  @Test
  void aBadTokensFileNamesItsLineAndNeverTheToken() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad"), SCORER_TOKEN + " alice score\n" + TRAINER_TOKEN + " bob root\n");
    InputFormatException role = assertThrows(InputFormatException.class, () -> AuthTokens.read(bad));
    assertEquals(bad + ":2: unknown role, expected '<token> <principal> <role>[,<role>...]' with a token of 16+"
        + " characters and roles score, train or admin", role.getMessage());
    Path twice = Files.writeString(dir.resolve("twice"), SCORER_TOKEN + " alice score\n" + SCORER_TOKEN + " eve admin\n");
    InputFormatException duplicate = assertThrows(InputFormatException.class, () -> AuthTokens.read(twice));
    assertEquals(twice + ":2: a token given twice, expected each token once", duplicate.getMessage());
    Path shortToken = Files.writeString(dir.resolve("short"), "abc alice score\n");
    assertTrue(assertThrows(InputFormatException.class, () -> AuthTokens.read(shortToken)).getMessage()
        .startsWith(shortToken + ":1: not a token line"));
  }
}
