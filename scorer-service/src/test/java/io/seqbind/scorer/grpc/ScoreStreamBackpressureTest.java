package io.seqbind.scorer.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.seqbind.core.bundle.ModelBundle;
import io.seqbind.core.bundle.ModelStore;
import io.seqbind.proto.v1.ModelRef;
import io.seqbind.proto.v1.ScoreStreamHeader;
import io.seqbind.proto.v1.ScoreStreamRequest;
import io.seqbind.proto.v1.ScoreStreamResponse;
import io.seqbind.proto.v1.ScorerServiceGrpc;
import io.seqbind.proto.v1.Sequence;
import io.seqbind.proto.v1.SequenceChunk;
import io.seqbind.proto.v1.TaskType;
import io.seqbind.scorer.FakeModels;
import io.seqbind.scorer.ScorerRuntime;
import io.seqbind.scorer.ScorerSettings;
import io.seqbind.scorer.runtime.ProviderChoice;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ScoreStream client that never reads its responses must stop costing the server work: the server
 * scores a chunk only after it has handed the previous answers to a transport that is ready for them. With
 * grpc-inprocess (the CLI) "ready" means the client asked for a message, so exactly max_in_flight_chunks
 * chunks are scored; over HTTP/2 the client's flow-control window (its own setting, invisible to the
 * server) also takes answers, so the bound is max_in_flight_chunks plus what that window holds, and the
 * server then stalls instead of scoring on.
 */
class ScoreStreamBackpressureTest {

  static final int PER_CHUNK = 200;
  static final int CHUNKS = 200;
  static final ScorerSettings SETTINGS = ScorerSettings.defaults()
      .withThreads(1, 1, 2)
      .withCuda(false)
      .withLimits(1000, 50, 4, 1_000_000);

  @TempDir
  Path dir;

  final FakeModels.Loader loader = new FakeModels.Loader();

  /** A {@link StreamClient} that asks for no response until the test does. */
  private static final class NeverReading extends StreamClient
      implements ClientResponseObserver<ScoreStreamRequest, ScoreStreamResponse> {
    final CompletableFuture<ClientCallStreamObserver<ScoreStreamRequest>> call = new CompletableFuture<>();

    @Override
    public void beforeStart(ClientCallStreamObserver<ScoreStreamRequest> requests) {
      requests.disableAutoRequestWithInitial(0);
      call.complete(requests);
    }
  }

  /** Opens a stream whose client never asks for a response, and sends every chunk at once. */
  private static ClientCallStreamObserver<ScoreStreamRequest> neverReading(ScorerServiceGrpc.ScorerServiceStub stub,
      ModelBundle model, NeverReading client) {
    return stream(stub, model, client, CHUNKS);
  }

  private static ClientCallStreamObserver<ScoreStreamRequest> stream(ScorerServiceGrpc.ScorerServiceStub stub,
      ModelBundle model, NeverReading client, int chunks) {
    stub.scoreStream(client);
    ClientCallStreamObserver<ScoreStreamRequest> requests = client.call.join();
    requests.onNext(ScoreStreamRequest.newBuilder().setHeader(ScoreStreamHeader.newBuilder()
        .addModels(ModelRef.newBuilder().setId(model.id()))).build());
    SequenceChunk.Builder chunk = SequenceChunk.newBuilder();
    for (int i = 0; i < PER_CHUNK; i++) {
      chunk.addSequences(Sequence.newBuilder().setBases("ACGTACGTAC".substring(0, 4 + i % 6)));
    }
    SequenceChunk c = chunk.build();
    for (int i = 0; i < chunks; i++) {
      requests.onNext(ScoreStreamRequest.newBuilder().setChunk(c).build());
    }
    requests.onCompleted();
    return requests;
  }

  /** Rows scored once scoring has started and the count has not moved for 750 ms (at most 15 s). */
  private int settledRows() throws InterruptedException {
    int last = -1;
    int still = 0;
    for (int i = 0; i < 60; i++) {
      Thread.sleep(250);
      int now = loader.rows.get();
      still = now == last && now > 0 ? still + 1 : 0;
      if (still == 3) {
        return now;
      }
      last = now;
    }
    return loader.rows.get();
  }

  /** Reading at last gets every chunk answered, in order, with the right count. */
  private static void readAll(ClientCallStreamObserver<ScoreStreamRequest> requests, StreamClient client)
      throws Exception {
    List<ScoreStreamResponse> got = client.responses;
    requests.request(Integer.MAX_VALUE);
    client.end.get(60, TimeUnit.SECONDS);
    assertEquals(CHUNKS, got.size());
    for (int i = 0; i < CHUNKS; i++) {
      assertEquals((long) i * PER_CHUNK, got.get(i).getFirstIndex());
      assertEquals(5 * PER_CHUNK, got.get(i).getModels(0).getScoresCount());
    }
  }

  @Test
  void inProcessAClientThatNeverReadsGetsExactlyMaxInFlightChunksScored() throws Exception {
    ModelStore store = new ModelStore(dir);
    ModelBundle model = FakeModels.add(store, FakeModels.info("reg", "1", 5, 1, TaskType.TASK_TYPE_REGRESSION));
    try (InProcessScorer scorer = new InProcessScorer(store, SETTINGS, loader)) {
      NeverReading client = new NeverReading();
      ClientCallStreamObserver<ScoreStreamRequest> requests = neverReading(scorer.async(), model, client);
      assertEquals(SETTINGS.maxInFlightChunks() * PER_CHUNK, settledRows(),
          "max_in_flight_chunks chunks scored, then nothing until the client reads");
      readAll(requests, client);
    }
  }

  @Test
  void aClientThatStopsReadingForGoodIsCutOffAfterTheStallTimeout() throws Exception {
    ModelStore store = new ModelStore(dir);
    ModelBundle model = FakeModels.add(store, FakeModels.info("reg", "1", 5, 1, TaskType.TASK_TYPE_REGRESSION));
    try (InProcessScorer scorer = new InProcessScorer(store, SETTINGS.withStallTimeout(Duration.ofMillis(500)),
        loader)) {
      NeverReading client = new NeverReading();
      ClientCallStreamObserver<ScoreStreamRequest> requests = neverReading(scorer.async(), model, client);
      requests.request(2); // two answers read, then nothing more
      long start = System.nanoTime();
      ExecutionException ended = assertThrows(ExecutionException.class, () -> client.end.get(10, TimeUnit.SECONDS));
      long millis = (System.nanoTime() - start) / 1_000_000;
      Status status = Status.fromThrowable(ended.getCause());
      assertEquals(Status.Code.DEADLINE_EXCEEDED, status.getCode());
      assertEquals("the client read no answer for 0.5 s, the server's limit for a reader that stopped; the call was "
          + "ended to free the server", status.getDescription());
      assertTrue(millis >= 450 && millis < 5000, "ended after " + millis + " ms");
      assertEquals(2, client.responses.size());
      int rows = loader.rows.get();
      assertTrue(rows <= (2 + SETTINGS.maxInFlightChunks()) * PER_CHUNK, rows + " rows scored");
      Thread.sleep(300);
      assertEquals(rows, loader.rows.get(), "nothing scored after the end");
    }
  }

  @Test
  void aSlowReaderThatKeepsReadingIsNeverCutOff() throws Exception {
    ModelStore store = new ModelStore(dir);
    ModelBundle model = FakeModels.add(store, FakeModels.info("reg", "1", 5, 1, TaskType.TASK_TYPE_REGRESSION));
    int chunks = 8;
    try (InProcessScorer scorer = new InProcessScorer(store, SETTINGS.withStallTimeout(Duration.ofMillis(400)),
        loader)) {
      NeverReading client = new NeverReading();
      ClientCallStreamObserver<ScoreStreamRequest> requests = stream(scorer.async(), model, client, chunks);
      for (int i = 0; i < chunks; i++) {
        Thread.sleep(250); // each wait under the limit, all of them together well over it
        requests.request(1);
      }
      client.end.get(10, TimeUnit.SECONDS);
      assertEquals(chunks, client.responses.size());
    }
  }

  @Test
  void overHttp2TheServerStallsOnceTheClientsWindowIsFull() throws Exception {
    ModelStore store = new ModelStore(dir);
    ModelBundle model = FakeModels.add(store, FakeModels.info("reg", "1", 5, 1, TaskType.TASK_TYPE_REGRESSION));
    int window = 64 << 10;
    try (ScorerRuntime runtime = ScorerRuntime.create(store, SETTINGS, new SimpleMeterRegistry(), loader,
        ProviderChoice.choose(false), "test")) {
      Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
          .addService(runtime.service()).build().start();
      ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext()
          .flowControlWindow(window).build();
      try {
        NeverReading client = new NeverReading();
        ClientCallStreamObserver<ScoreStreamRequest> requests = neverReading(ScorerServiceGrpc.newStub(channel),
            model, client);
        int rows = settledRows();
        int chunks = rows / PER_CHUNK;
        // An answer is 1000 floats (4 kB) plus framing; the client's window, the server's 32 kB onReady
        // threshold and a few frames in flight hold at most ~(64 + 32 + 64) kB of them.
        int bound = SETTINGS.maxInFlightChunks() + (window + (32 << 10) + (64 << 10)) / 4000;
        assertTrue(chunks <= bound, chunks + " chunks scored for a client that never reads, bound " + bound);
        assertTrue(chunks < CHUNKS / 2, "the server stalled well before the end: " + chunks);
        Thread.sleep(1000);
        assertEquals(rows, loader.rows.get(), "nothing more was scored while the client did not read");
        readAll(requests, client);
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }
}
