package io.seqbind.scorer.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.StatusRuntimeException;
import io.seqbind.core.bundle.ModelBundle;
import io.seqbind.core.bundle.ModelStore;
import io.seqbind.core.fuzz.FuzzChecks;
import io.seqbind.core.seq.PackedSequencesBuilder;
import io.seqbind.proto.v1.ModelName;
import io.seqbind.proto.v1.ModelRef;
import io.seqbind.proto.v1.ScoreRequest;
import io.seqbind.proto.v1.ScoreStreamHeader;
import io.seqbind.proto.v1.ScoreStreamRequest;
import io.seqbind.proto.v1.ScoreStreamResponse;
import io.seqbind.proto.v1.SequenceChunk;
import io.grpc.stub.StreamObserver;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The scorer's Score request checks (models, sequences, alphabet, options, limits), through an in-process
 * gRPC channel over a store of fake models (scores computable from the text, so no ONNX Runtime). The first
 * byte picks a well-formed base request (models by id, by name, or both; sequences as messages or packed); the
 * rest is merged into it as
 * protobuf. A request is answered or refused with a status a client can act on, never INTERNAL, and the
 * description repeats no more than a token of the request.
 */
class ScoreFuzzTest {

  private static final Path DIR = FuzzChecks.scratch("score");
  private static final ModelBundle BINARY;
  private static final ScorerServiceGrpc.ScorerServiceBlockingStub STUB;
  private static final ScorerServiceGrpc.ScorerServiceStub ASYNC;

  static {
    try {
      ModelStore store = new ModelStore(DIR);
      BINARY = FakeModels.add(store, FakeModels.info("bin", "1", 2, 3, TaskType.TASK_TYPE_BINARY));
      FakeModels.add(store, FakeModels.info("reg", "1", 5, 1, TaskType.TASK_TYPE_REGRESSION));
      ScorerSettings settings = ScorerSettings.defaults().withBatching(64, Duration.ofMillis(1))
          .withLimits(1000, 50, 2, 100_000).withThreads(1, 1, 2).withCuda(false);
      InProcessScorer scorer = new InProcessScorer(store, settings, new FakeModels.Loader());
      STUB = scorer.blocking();
      ASYNC = scorer.async();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @FuzzTest
  void score(byte[] data) {
    int mode = data.length == 0 ? 0 : (data[0] & 0xff) % 4;
    byte[] rest = data.length == 0 ? data : Arrays.copyOfRange(data, 1, data.length);
    SequenceBatch.Builder batch = SequenceBatch.newBuilder();
    if (mode == 3) { // the packed form
      batch.setPacked(new PackedSequencesBuilder(2, 20).add("a", "ACGTACGTAC").add("b", "acgtnRYacg").build());
    } else {
      batch.addSequences(Sequence.newBuilder().setId("a").setBases("ACGTACGTAC"))
          .addSequences(Sequence.newBuilder().setId("b").setBases("acgtnRYacg"));
    }
    ScoreRequest.Builder base = ScoreRequest.newBuilder().setBatch(batch);
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

  /**
   * ScoreStream's state machine (header first and once, chunks after it, limits per chunk, half-close): the
   * input is cut into messages, each a length byte and that many bytes merged into a well-formed header
   * (first) or chunk. The stream ends with responses or a status a client can act on, never INTERNAL, never
   * hangs, and no description repeats more than a token of what was sent.
   */
  @FuzzTest
  void scoreStream(byte[] data) throws InterruptedException {
    List<ScoreStreamRequest> messages = new ArrayList<>();
    for (int at = 0; at < data.length && messages.size() < 16; ) {
      int length = Math.min(data[at] & 0x3f, data.length - at - 1);
      boolean header = (data[at] & 0x40) != 0;
      boolean asIs = (data[at] & 0x80) != 0; // no well-formed base: the bytes alone
      byte[] body = Arrays.copyOfRange(data, at + 1, at + 1 + length);
      at += 1 + length;
      ScoreStreamRequest.Builder base = ScoreStreamRequest.newBuilder();
      if (!asIs && header) {
        base.setHeader(ScoreStreamHeader.newBuilder().addModels(ModelRef.newBuilder().setId(BINARY.id())));
      } else if (!asIs && messages.size() % 2 == 0) {
        base.setChunk(SequenceChunk.newBuilder()
            .addSequences(Sequence.newBuilder().setId("s" + messages.size()).setBases("ACGTACGTAC")));
      } else if (!asIs) { // every other chunk in the packed form
        base.setChunk(SequenceChunk.newBuilder()
            .setPacked(new PackedSequencesBuilder(1, 10).add("s" + messages.size(), "ACGTACGTAC").build()));
      }
      try {
        messages.add(base.mergeFrom(body).build());
      } catch (InvalidProtocolBufferException e) {
        return; // not a message: nothing reaches the service
      }
    }
    CountDownLatch ended = new CountDownLatch(1);
    AtomicReference<Throwable> error = new AtomicReference<>();
    StreamObserver<ScoreStreamRequest> requests = ASYNC.withDeadlineAfter(60, TimeUnit.SECONDS)
        .scoreStream(new StreamObserver<ScoreStreamResponse>() {
          @Override
          public void onNext(ScoreStreamResponse response) {}

          @Override
          public void onError(Throwable t) {
            error.set(t);
            ended.countDown();
          }

          @Override
          public void onCompleted() {
            ended.countDown();
          }
        });
    messages.forEach(requests::onNext);
    requests.onCompleted();
    if (!ended.await(90, TimeUnit.SECONDS)) {
      throw new AssertionError("ScoreStream did not end within 90 s after " + messages.size() + " messages");
    }
    if (error.get() instanceof StatusRuntimeException e) {
      for (ScoreStreamRequest sent : messages) { // no field of any message sent is echoed
        FuzzChecks.assertRequestStatus(e, sent, "", List.of(DIR.toString()));
      }
    } else if (error.get() != null) {
      throw new AssertionError("ScoreStream ended with " + error.get(), error.get());
    }
  }
}
