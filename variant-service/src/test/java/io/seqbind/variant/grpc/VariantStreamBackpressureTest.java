package io.seqbind.variant.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Message;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.seqbind.core.io.DataRoots;
import io.seqbind.core.testing.Responses;
import io.seqbind.proto.v1.ModelInfo;
import io.seqbind.proto.v1.ModelRef;
import io.seqbind.proto.v1.ScoreVariantsHeader;
import io.seqbind.proto.v1.ScoreVariantsRequest;
import io.seqbind.proto.v1.ScoreVariantsResponse;
import io.seqbind.proto.v1.ScoreVcfRequest;
import io.seqbind.proto.v1.ScoreVcfResponse;
import io.seqbind.proto.v1.VariantChunk;
import io.seqbind.proto.v1.VariantRecord;
import io.seqbind.proto.v1.VariantScoringOptions;
import io.seqbind.proto.v1.VariantServiceGrpc;
import io.seqbind.variant.testing.Fixture;
import io.seqbind.variant.testing.InProcess;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flow control of ScoreVcf and ScoreVariants over a real transport (grpc-inprocess, where the server may send
 * only what the client has asked for): a client that stops reading stops the scoring within a bound, then gets
 * every answer exactly once and in order, the same bytes as an unthrottled run; a client that cancels while the
 * server waits for it ends the work (the stream thread returns, the scorer gets no more requests).
 */
class VariantStreamBackpressureTest {

  /** Records per scoring chunk: the server may score a few chunks past what the client read, no more. */
  static final int CHUNK = 4;
  /** SNVs in the VCF: far more than the bound, so an unpaced server would score them all. */
  static final int RECORDS = 240;
  static final int READ_FIRST = 5;
  /**
   * What a reader asks for once it reads again: more than is left, but not Integer.MAX_VALUE, which grpc-inprocess
   * adds to what is still outstanding (an overflow that leaves the stream never ready).
   */
  static final int REST = 1 << 20;

  @TempDir
  Path dir;
  Fixture fx;
  ThreadPoolExecutor streams;
  VariantGrpcService service;
  InProcess variant;
  String c1;

  @BeforeEach
  void setUp() throws Exception {
    fx = new Fixture(dir);
    c1 = fx.genome.contigs.get("chr1");
    streams = (ThreadPoolExecutor) Executors.newCachedThreadPool();
    service = service(Duration.ofHours(1));
    variant = new InProcess(service.bindService());
  }

  private VariantGrpcService service(Duration stallTimeout) {
    Map<String, ModelInfo> byId = Map.of(Fixture.BIND_ID, fx.bindInfo);
    return new VariantGrpcService(fx.stub(), VariantModels.of(ref -> byId.get(ref.getId()), info -> null),
        new VariantGrpcService.Settings(CHUNK, 7, Duration.ofHours(1), stallTimeout, DataRoots.any()), streams);
  }

  @AfterEach
  void tearDown() throws Exception {
    variant.close();
    fx.close();
    streams.shutdownNow();
  }

  private String other(int pos) {
    return c1.charAt(pos - 1) == 'A' ? "C" : "A";
  }

  /** One SNV per record, at positions 11 to 250 of chr1 (every window inside the contig). */
  private List<VariantRecord> records() {
    return records(RECORDS);
  }

  /** {@code count} SNVs spread over positions 11 to 250 of chr1, in order (a position may repeat). */
  private List<VariantRecord> records(int count) {
    List<VariantRecord> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int pos = 11 + (int) ((long) i * RECORDS / count);
      out.add(VariantRecord.newBuilder().setChrom("chr1").setPos(pos).setId("v" + i)
          .setRef(String.valueOf(c1.charAt(pos - 1))).addAlt(other(pos)).build());
    }
    return out;
  }

  private ScoreVcfRequest vcfRequest() throws Exception {
    return vcfRequest(RECORDS);
  }

  private ScoreVcfRequest vcfRequest(int count) throws Exception {
    StringBuilder s = new StringBuilder("##fileformat=VCFv4.2\n##contig=<ID=chr1,length=300>\n"
        + "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n");
    for (VariantRecord r : records(count)) {
      s.append("chr1\t").append(r.getPos()).append('\t').append(r.getId()).append('\t').append(r.getRef())
          .append('\t').append(r.getAlt(0)).append("\t.\tPASS\t.\n");
    }
    Path vcf = dir.resolve("many-" + count + ".vcf");
    Files.writeString(vcf, s);
    return ScoreVcfRequest.newBuilder().setVcfUri(vcf.toString()).setReferenceUri(fx.genome.fasta.toString())
        .setOptions(VariantScoringOptions.newBuilder().addModels(ModelRef.newBuilder().setId(Fixture.BIND_ID)))
        .build();
  }

  /** The scorer's count once it has not moved for a while: the server has stopped (or finished). */
  private int settledSequences() throws InterruptedException {
    int before = -1;
    int now = fx.scorer.sequencesScored.get();
    while (now != before) {
      Thread.sleep(300);
      before = now;
      now = fx.scorer.sequencesScored.get();
    }
    return now;
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < end, "timed out waiting until " + what);
      Thread.sleep(10);
    }
  }

  /**
   * Records the server may have scored beyond those it sent: the chunk being sent, the one with the scorer
   * and the one being cut (EffectSession overlaps them), rounded up.
   */
  static final int AHEAD = 3 * CHUNK;

  @Test
  void scoreVcfPausesForAReaderThatStopsAndThenSendsEverythingInOrder() throws Exception {
    ScoreVcfRequest request = vcfRequest();
    List<ScoreVcfResponse> unthrottled = new ArrayList<>();
    VariantServiceGrpc.newBlockingStub(variant.channel).scoreVcf(request).forEachRemaining(unthrottled::add);
    assertEquals(RECORDS + 2, unthrottled.size()); // one effect per record, a progress, the summary
    int perRecord = fx.scorer.sequencesScored.get() / RECORDS; // ref and alt window
    assertEquals(2, perRecord);
    fx.scorer.sequencesScored.set(0);

    Responses<ScoreVcfRequest, ScoreVcfResponse> reader = Responses.readingFirst(READ_FIRST);
    VariantServiceGrpc.newStub(variant.channel).scoreVcf(request, reader);
    await(() -> reader.messages.size() == READ_FIRST, "the first messages arrived");
    int scored = settledSequences() / perRecord;
    assertEquals(READ_FIRST, reader.messages.size());
    assertTrue(scored <= READ_FIRST + AHEAD, scored + " records scored for " + READ_FIRST + " read");
    assertEquals(1, streams.getActiveCount()); // the call's thread waits for the reader

    reader.call.request(REST);
    assertTrue(reader.done.await(10, TimeUnit.SECONDS));
    assertNull(reader.error);
    assertEquals(bytes(unthrottled), bytes(reader.messages)); // every answer once, in order, the same bytes
    await(() -> streams.getActiveCount() == 0, "the stream thread returned");
  }

  @Test
  void scoreVcfCancelledWhilePausedStopsTheWork() throws Exception {
    Responses<ScoreVcfRequest, ScoreVcfResponse> reader = Responses.readingFirst(READ_FIRST);
    VariantServiceGrpc.newStub(variant.channel).scoreVcf(vcfRequest(), reader);
    await(() -> reader.messages.size() == READ_FIRST, "the first messages arrived");
    int paused = settledSequences();
    assertEquals(1, streams.getActiveCount());

    reader.call.cancel("the reader gives up", null);
    await(() -> streams.getActiveCount() == 0, "the stream thread returned after the cancel");
    assertEquals(paused, settledSequences()); // nothing more was scored
    assertTrue(reader.done.await(5, TimeUnit.SECONDS));
    assertEquals(Status.Code.CANCELLED, Status.fromThrowable(reader.error).getCode());
  }

  @Test
  void aReaderThatStopsForTheStallTimeoutGetsDeadlineExceededAndTheServerIsFreed() throws Exception {
    try (InProcess stalling = new InProcess(service(Duration.ofMillis(500)).bindService())) {
      Responses<ScoreVcfRequest, ScoreVcfResponse> reader = Responses.readingFirst(READ_FIRST);
      VariantServiceGrpc.newStub(stalling.channel).scoreVcf(vcfRequest(), reader);
      assertTrue(reader.done.await(10, TimeUnit.SECONDS), "the call ended on its own");
      Status status = Status.fromThrowable(reader.error);
      assertEquals(Status.Code.DEADLINE_EXCEEDED, status.getCode());
      assertTrue(status.getDescription().startsWith("the client read no answer for 0.5 s"), status.getDescription());
      assertEquals(READ_FIRST, reader.messages.size());
      await(() -> streams.getActiveCount() == 0, "the stream thread returned");
      int scored = settledSequences() / 2;
      assertTrue(scored <= READ_FIRST + AHEAD, scored + " records scored for " + READ_FIRST + " read");
    }
  }

  /** HTTP/2 flow-control window of the Netty client below: small, so that it fills after a few dozen answers. */
  static final int CLIENT_WINDOW = 16 * 1024;

  @Test
  void scoreVcfOverHttp2PausesOnceTheClientsWindowAndTheServersBufferAreFull() throws Exception {
    int records = 3000;
    ScoreVcfRequest request = vcfRequest(records);
    List<ScoreVcfResponse> unthrottled = new ArrayList<>();
    VariantServiceGrpc.newBlockingStub(variant.channel).scoreVcf(request).forEachRemaining(unthrottled::add);
    int bytes = unthrottled.stream().mapToInt(ScoreVcfResponse::getSerializedSize).sum();
    fx.scorer.sequencesScored.set(0);

    Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(service.bindService()).build().start();
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext()
        .flowControlWindow(CLIENT_WINDOW).build();
    try {
      Responses<ScoreVcfRequest, ScoreVcfResponse> reader = Responses.readingFirst(READ_FIRST);
      VariantServiceGrpc.newStub(channel).scoreVcf(request, reader);
      await(() -> reader.messages.size() == READ_FIRST, "the first messages arrived");
      int scored = settledSequences() / 2;
      // What the transport holds: the client's window and the server's 32 KiB send buffer (gRPC's onReady
      // threshold), in answers of this size (about 380 of 124 bytes; 384 records were scored in one run),
      // plus the chunks the server works on; twice that leaves room for framing and the transport's own
      // buffers and is still far from all 3000.
      int perAnswer = bytes / unthrottled.size();
      int held = (CLIENT_WINDOW + 32 * 1024) / perAnswer;
      assertTrue(scored <= READ_FIRST + 2 * held + AHEAD, scored + " of " + records + " records scored for "
          + READ_FIRST + " read, answers of " + perAnswer + " bytes");
      assertEquals(1, streams.getActiveCount());

      reader.call.request(REST);
      assertTrue(reader.done.await(20, TimeUnit.SECONDS));
      assertNull(reader.error);
      assertEquals(bytes(unthrottled), bytes(reader.messages));
    } finally {
      channel.shutdownNow();
      server.shutdownNow();
      channel.awaitTermination(5, TimeUnit.SECONDS);
      server.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private ScoreVariantsRequest header() {
    return ScoreVariantsRequest.newBuilder().setHeader(ScoreVariantsHeader.newBuilder()
        .setReferenceUri(fx.genome.fasta.toString())
        .setOptions(VariantScoringOptions.newBuilder().addModels(ModelRef.newBuilder().setId(Fixture.BIND_ID))))
        .build();
  }

  /** Records per ScoreVariants message. */
  static final int PER_MESSAGE = 5;

  /** Sends the header and every record, PER_MESSAGE a message, without waiting for answers; then half-closes. */
  private void sendAll(StreamObserver<ScoreVariantsRequest> in) {
    in.onNext(header());
    List<VariantRecord> all = records();
    for (int from = 0; from < all.size(); from += PER_MESSAGE) {
      in.onNext(ScoreVariantsRequest.newBuilder().setChunk(VariantChunk.newBuilder()
          .addAllRecords(all.subList(from, Math.min(all.size(), from + PER_MESSAGE)))).build());
    }
    in.onCompleted();
  }

  @Test
  void scoreVariantsStopsReadingAndScoringForAReaderThatStopsAndThenAnswersEverything() throws Exception {
    Responses<ScoreVariantsRequest, ScoreVariantsResponse> fast = Responses.readingFirst(READ_FIRST);
    sendAll(VariantServiceGrpc.newStub(variant.channel).scoreVariants(fast));
    fast.call.request(REST);
    assertTrue(fast.done.await(10, TimeUnit.SECONDS));
    assertNull(fast.error);
    assertEquals(RECORDS + 2, fast.messages.size());
    fx.scorer.sequencesScored.set(0);
    await(() -> streams.getActiveCount() == 0, "the first call's task ended");

    Responses<ScoreVariantsRequest, ScoreVariantsResponse> reader = Responses.readingFirst(READ_FIRST);
    sendAll(VariantServiceGrpc.newStub(variant.channel).scoreVariants(reader));
    await(() -> reader.messages.size() == READ_FIRST, "the first messages arrived");
    int scored = settledSequences() / 2;
    // The message being answered and the one read ahead, besides what was sent.
    assertTrue(scored <= READ_FIRST + 2 * PER_MESSAGE, scored + " records scored for " + READ_FIRST + " read");

    reader.call.request(REST);
    assertTrue(reader.done.await(10, TimeUnit.SECONDS));
    assertNull(reader.error);
    assertEquals(bytes(fast.messages), bytes(reader.messages));
    await(() -> streams.getActiveCount() == 0, "the call's task ended");
  }

  @Test
  void scoreVariantsCancelledWhilePausedStopsTheWork() throws Exception {
    Responses<ScoreVariantsRequest, ScoreVariantsResponse> reader = Responses.readingFirst(READ_FIRST);
    sendAll(VariantServiceGrpc.newStub(variant.channel).scoreVariants(reader));
    await(() -> reader.messages.size() == READ_FIRST, "the first messages arrived");
    int paused = settledSequences();
    assertEquals(1, streams.getActiveCount());

    reader.call.cancel("the reader gives up", null);
    await(() -> streams.getActiveCount() == 0, "the call's task returned after the cancel");
    assertEquals(paused, settledSequences());
    assertTrue(reader.done.await(5, TimeUnit.SECONDS));
    assertEquals(Status.Code.CANCELLED, Status.fromThrowable(reader.error).getCode());
  }

  /**
   * Each message's bytes, but the time a progress or summary reports (elapsed) cleared: it differs from run to
   * run. Compared as hex strings so that a failure prints something readable.
   */
  private static List<String> bytes(List<? extends Message> messages) {
    return messages.stream().map(m -> HexFormat.of().formatHex(withoutTime(m).toByteArray())).toList();
  }

  private static Message withoutTime(Message m) {
    if (m instanceof ScoreVcfResponse r) {
      return r.hasProgress() ? r.toBuilder().setProgress(r.getProgress().toBuilder().clearElapsed()).build()
          : r.hasSummary() ? r.toBuilder().setSummary(r.getSummary().toBuilder().clearElapsed()).build() : r;
    }
    ScoreVariantsResponse r = (ScoreVariantsResponse) m;
    return r.hasProgress() ? r.toBuilder().setProgress(r.getProgress().toBuilder().clearElapsed()).build()
        : r.hasSummary() ? r.toBuilder().setSummary(r.getSummary().toBuilder().clearElapsed()).build() : r;
  }
}
