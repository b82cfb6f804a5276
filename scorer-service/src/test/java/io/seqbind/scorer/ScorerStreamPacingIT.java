package io.seqbind.scorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.seqbind.core.seq.PackedSequencesBuilder;
import io.seqbind.core.testing.Responses;
import io.seqbind.proto.v1.ModelRef;
import io.seqbind.proto.v1.ScoreStreamHeader;
import io.seqbind.proto.v1.ScoreStreamRequest;
import io.seqbind.proto.v1.ScoreStreamResponse;
import io.seqbind.proto.v1.ScorerServiceGrpc;
import io.seqbind.proto.v1.SequenceChunk;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The packaged scorer (Quarkus's Vert.x gRPC server, not grpc-java's Netty server of ScoreStreamBackpressureTest)
 * paces a ScoreStream client that stops reading: once the client's HTTP/2 window is full of answers, the
 * server stops scoring its chunks instead of scoring them all into memory. Rows scored are read from the
 * service's own Prometheus counter.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = ScorerStoreResource.class, restrictToAnnotatedClass = true)
class ScorerStreamPacingIT {

  /** HTTP/2 flow-control window of the reader's channel: small, so that a few dozen answers fill it. */
  static final int CLIENT_WINDOW = 16 * 1024;
  static final int PER_CHUNK = 100;
  static final int CHUNKS = 300;
  /** The service's seqbind.scorer.max-in-flight-chunks (application.properties). */
  static final int IN_FLIGHT = 4;
  static final Pattern SCORED =
      Pattern.compile("(?m)^seqbind_scorer_sequences_scored_total(?:\\{[^}]*})? (\\S+)$");

  private final HttpClient http = HttpClient.newHttpClient();

  /** The service's rows scored so far (its Prometheus counter). */
  private long scored() throws Exception {
    String metrics = http.send(HttpRequest.newBuilder(URI.create("http://localhost:8182/q/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    long sum = 0;
    Matcher m = SCORED.matcher(metrics);
    while (m.find()) {
      sum += (long) Double.parseDouble(m.group(1));
    }
    return sum;
  }

  /** Rows scored once the count has not moved for 750 ms (at most 30 s). */
  private long settled() throws Exception {
    long last = -1;
    int still = 0;
    for (int i = 0; i < 120 && still < 3; i++) {
      Thread.sleep(250);
      long now = scored();
      still = now == last ? still + 1 : 0;
      last = now;
    }
    return last;
  }

  @Test
  void aClientThatStopsReadingHoldsTheScoringBackThenGetsEveryAnswer() throws Exception {
    ManagedChannel channel = NettyChannelBuilder.forAddress("localhost", 8182).usePlaintext()
        .flowControlWindow(CLIENT_WINDOW).build();
    try {
      long start = scored();
      Responses<ScoreStreamRequest, ScoreStreamResponse> reader = Responses.readingFirst(0);
      ScorerServiceGrpc.newStub(channel).withDeadlineAfter(120, TimeUnit.SECONDS).scoreStream(reader);
      reader.call.onNext(ScoreStreamRequest.newBuilder().setHeader(ScoreStreamHeader.newBuilder()
          .addModels(ModelRef.newBuilder().setId(ScorerStoreResource.model.bundle().id()))).build());
      SplittableRandom random = new SplittableRandom(7);
      for (int c = 0; c < CHUNKS; c++) {
        PackedSequencesBuilder chunk = new PackedSequencesBuilder(PER_CHUNK, PER_CHUNK * 101);
        for (int i = 0; i < PER_CHUNK; i++) {
          chunk.add("", OnnxModels.random(random, 101));
        }
        reader.call.onNext(ScoreStreamRequest.newBuilder()
            .setChunk(SequenceChunk.newBuilder().setPacked(chunk.build())).build());
      }
      reader.call.onCompleted();

      long whilePaused = settled() - start;
      assertTrue(whilePaused > 0, "nothing was scored");
      reader.call.request(Integer.MAX_VALUE);
      assertTrue(reader.done.await(120, TimeUnit.SECONDS));
      assertNull(reader.error);
      assertEquals(CHUNKS, reader.messages.size());
      for (int c = 0; c < CHUNKS; c++) {
        assertEquals((long) c * PER_CHUNK, reader.messages.get(c).getFirstIndex());
      }
      assertEquals((long) CHUNKS * PER_CHUNK, scored() - start);

      // What may be scored before the server stalls: the chunks in flight and the answers the client's window
      // holds (twice, for framing and the server's own buffers).
      int perAnswer = reader.messages.get(0).getSerializedSize();
      long bound = (long) (IN_FLIGHT + 2 * CLIENT_WINDOW / perAnswer + 1) * PER_CHUNK;
      assertTrue(whilePaused <= bound, whilePaused + " of " + CHUNKS * PER_CHUNK
          + " rows scored for a client that read nothing, answers of " + perAnswer + " bytes, bound " + bound);
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
