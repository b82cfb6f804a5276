package io.seqbind.scorer.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.StatusRuntimeException;
import io.seqbind.core.bundle.ModelBundle;
import io.seqbind.core.bundle.ModelStore;
import io.seqbind.core.fuzz.FuzzChecks;
import io.seqbind.proto.v1.ModelName;
import io.seqbind.proto.v1.ModelRef;
import io.seqbind.proto.v1.ScoreRequest;
import io.seqbind.proto.v1.Sequence;
import io.seqbind.proto.v1.SequenceBatch;
import io.seqbind.proto.v1.TaskType;
import io.seqbind.scorer.FakeModels;
import io.seqbind.scorer.ScorerSettings;
import io.seqbind.scorer.grpc.InProcessScorer;
import io.seqbind.proto.v1.ScorerServiceGrpc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The scorer's Score request checks (models, sequences, alphabet, options, limits), through an in-process
 * gRPC channel over a store of fake models (scores computable from the text, so no ONNX Runtime). The first
 * byte picks a well-formed base request (models by id, by name, or both); the rest is merged into it as
 * protobuf. A request is answered or refused with a status a client can act on, never INTERNAL, and the
 * description repeats no more than a token of the request.
 */
class ScoreFuzzTest {

  private static final Path DIR = FuzzChecks.scratch("score");
  private static final ModelBundle BINARY;
  private static final ScorerServiceGrpc.ScorerServiceBlockingStub STUB;

  static {
    try {
      ModelStore store = new ModelStore(DIR);
      BINARY = FakeModels.add(store, FakeModels.info("bin", "1", 2, 3, TaskType.TASK_TYPE_BINARY));
      FakeModels.add(store, FakeModels.info("reg", "1", 5, 1, TaskType.TASK_TYPE_REGRESSION));
      ScorerSettings settings = ScorerSettings.defaults().withBatching(64, Duration.ofMillis(1))
          .withLimits(1000, 50, 2, 100_000).withThreads(1, 1, 2).withCuda(false);
      STUB = new InProcessScorer(store, settings, new FakeModels.Loader()).blocking();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @FuzzTest
  void score(byte[] data) {
    int mode = data.length == 0 ? 0 : (data[0] & 0xff) % 3;
    byte[] rest = data.length == 0 ? data : Arrays.copyOfRange(data, 1, data.length);
    ScoreRequest.Builder base = ScoreRequest.newBuilder().setBatch(SequenceBatch.newBuilder()
        .addSequences(Sequence.newBuilder().setId("a").setBases("ACGTACGTAC"))
        .addSequences(Sequence.newBuilder().setId("b").setBases("acgtnRYacg")));
    if (mode != 1) {
      base.addModels(ModelRef.newBuilder().setId(BINARY.id()));
    }
    if (mode != 0) {
      base.addModels(ModelRef.newBuilder().setName(ModelName.newBuilder().setName("reg").setVersion("1")));
    }
    ScoreRequest request;
    try {
      request = base.mergeFrom(rest).build();
    } catch (InvalidProtocolBufferException e) {
      return; // not a request: nothing reaches the service
    }
    try {
      STUB.withDeadlineAfter(60, TimeUnit.SECONDS).score(request);
    } catch (StatusRuntimeException e) {
      FuzzChecks.assertRequestStatus(e, request, "", List.of(DIR.toString()));
    }
  }
}
