package io.seqbind.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.seqbind.core.seq.InputSequences;
import io.seqbind.core.seq.LabeledSequence;
import io.seqbind.proto.v1.ItemError;
import io.seqbind.proto.v1.ModelRef;
import io.seqbind.proto.v1.ModelScores;
import io.seqbind.proto.v1.ScoreRequest;
import io.seqbind.proto.v1.ScoreResponse;
import io.seqbind.proto.v1.ScorerServiceGrpc;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * ScoreClient against a scorer that answers each request after a delay that shrinks with the request's
 * position (so later requests finish first) and scores sequence {@code sN} as N: the answers must still
 * reach the consumer in input order, each with its own chunk, and no more than WINDOW requests may be out
 * at once.
 */
class ScoreClientTest {

  private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(4);
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger mostInFlight = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();
  /** Global sequence number the fake refuses as too short (-1: none). */
  private volatile long refuse = -1;
  private Server server;
  private ManagedChannel channel;

  private final class FakeScorer extends ScorerServiceGrpc.ScorerServiceImplBase {
    @Override
    public void score(ScoreRequest request, StreamObserver<ScoreResponse> observer) {
      int order = requests.getAndIncrement();
      mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      ServerCallStreamObserver<ScoreResponse> call = (ServerCallStreamObserver<ScoreResponse>) observer;
      AtomicBoolean settled = new AtomicBoolean(); // answered or cancelled, whichever came first
      call.setOnCancelHandler(() -> {
        if (settled.compareAndSet(false, true)) {
          inFlight.decrementAndGet();
        }
      });
      InputSequences seqs = InputSequences.of(request.getBatch(), "batch");
      ModelScores.Builder m = ModelScores.newBuilder().setModelId("m").addTaskNames("t").setRows(seqs.size())
          .setColumns(1);
      ScoreResponse.Builder response = ScoreResponse.newBuilder();
      for (int i = 0; i < seqs.size(); i++) {
        long n = Long.parseLong(seqs.id(i).substring(1));
        m.addScores(n);
        if (n == refuse) {
          response.addErrors(ItemError.newBuilder().setIndex(i).setId(seqs.id(i))
              .setMessage("sequence at index " + i + " ('" + seqs.id(i) + "'): 3 bases, too short"));
        }
      }
      response.addModels(m);
      timer.schedule(() -> {
        if (!settled.compareAndSet(false, true)) {
          return;
        }
        inFlight.decrementAndGet();
        observer.onNext(response.build());
        observer.onCompleted();
      }, Math.max(0, 40 - 10 * (order % 4)), TimeUnit.MILLISECONDS);
    }
  }

  private ScoreClient client() throws Exception {
    String name = InProcessServerBuilder.generateName();
    server = InProcessServerBuilder.forName(name).addService(new FakeScorer()).build().start();
    channel = InProcessChannelBuilder.forName(name).build();
    return new ScoreClient(ScorerServiceGrpc.newFutureStub(channel), List.of(ModelRef.newBuilder().setId("m").build()),
        false);
  }

  @AfterEach
  void close() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    timer.shutdownNow();
  }

  private static Iterator<LabeledSequence> sequences(int n) {
    return IntStream.range(0, n).mapToObj(i -> new LabeledSequence("s" + i, "ACGT", null))
        .iterator();
  }

  @Test
  void answersReachTheConsumerInInputOrderWithAtMostWindowRequestsOut() throws Exception {
    ScoreClient client = client();
    int n = 7 * ScoreClient.CHUNK + 5;
    List<String> ids = new ArrayList<>();
    List<Float> scores = new ArrayList<>();
    client.scoreAll(sequences(n), "in.fa", (chunk, response) -> {
      assertEquals(chunk.size(), response.getModels(0).getScoresCount());
      chunk.forEach(s -> ids.add(s.id()));
      response.getModels(0).getScoresList().forEach(scores::add);
    });
    assertEquals(IntStream.range(0, n).mapToObj(i -> "s" + i).toList(), ids);
    assertEquals(IntStream.range(0, n).mapToObj(i -> (float) i).toList(), scores);
    assertEquals(8, requests.get());
    assertTrue(mostInFlight.get() > 1, "never more than one request out: nothing overlapped");
    assertTrue(mostInFlight.get() <= ScoreClient.WINDOW, mostInFlight.get() + " requests out at once");
  }

  @Test
  void aRefusedSequenceInALaterChunkIsNamedByItsPlaceInTheWholeInputAndTheRestIsCancelled() throws Exception {
    ScoreClient client = client();
    refuse = 2 * ScoreClient.CHUNK + 6; // the 7th sequence of the third chunk
    List<Integer> handed = new ArrayList<>();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> client.scoreAll(sequences(20 * ScoreClient.CHUNK), "in.fa", (chunk, r) -> handed.add(chunk.size())));
    assertEquals("in.fa: sequence " + (refuse + 1) + " ('s" + refuse + "'): 3 bases, too short", e.getMessage());
    assertEquals(List.of(ScoreClient.CHUNK, ScoreClient.CHUNK), handed, "only the chunks before the refused one");
    assertTrue(requests.get() <= 2 + ScoreClient.WINDOW, requests.get() + " requests sent");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(0, inFlight.get(), "requests still out after the run ended");
  }

  @Test
  void aFailedCallEndsTheRunWithItsStatus() throws Exception {
    String name = InProcessServerBuilder.generateName();
    CountDownLatch called = new CountDownLatch(1);
    server = InProcessServerBuilder.forName(name).addService(new ScorerServiceGrpc.ScorerServiceImplBase() {
      @Override
      public void score(ScoreRequest request, StreamObserver<ScoreResponse> observer) {
        called.countDown();
        observer.onError(Status.NOT_FOUND.withDescription("no model 'm'").asRuntimeException());
      }
    }).build().start();
    channel = InProcessChannelBuilder.forName(name).build();
    ScoreClient client = new ScoreClient(ScorerServiceGrpc.newFutureStub(channel),
        List.of(ModelRef.newBuilder().setId("m").build()), false);
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> client.scoreAll(sequences(3), "in.fa", (chunk, r) -> { }));
    assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
    assertEquals("no model 'm'", e.getStatus().getDescription());
    assertTrue(called.await(1, TimeUnit.SECONDS));
  }
}
