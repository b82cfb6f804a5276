package io.seqbind.variant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.seqbind.core.testing.Responses;
import io.seqbind.proto.v1.GetMutationMapRequest;
import io.seqbind.proto.v1.GetMutationMapResponse;
import io.seqbind.proto.v1.ModelRef;
import io.seqbind.proto.v1.ScoreVariantsHeader;
import io.seqbind.proto.v1.ScoreVariantsRequest;
import io.seqbind.proto.v1.ScoreVariantsResponse;
import io.seqbind.proto.v1.ScoreVcfRequest;
import io.seqbind.proto.v1.ScoreVcfResponse;
import io.seqbind.proto.v1.Sequence;
import io.seqbind.proto.v1.StrandMode;
import io.seqbind.proto.v1.TaskEffect;
import io.seqbind.proto.v1.VariantChunk;
import io.seqbind.proto.v1.VariantRecord;
import io.seqbind.proto.v1.VariantScoringOptions;
import io.seqbind.proto.v1.VariantServiceGrpc;
import io.seqbind.variant.testing.PwmScorer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged variant service as deployed: its scorer is the one {@code quarkus.grpc.clients.scorer.*}
 * names (round_robin over what the name resolves to, as with the Helm chart's headless Service), reached over
 * a real port, and its models come from the store directory. A ScoreVcf call must reach that scorer and
 * return the PWM's effects, each strand's included.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = ScorerOnAPortResource.class, restrictToAnnotatedClass = true)
class VariantScoresThroughTheScorerIT {

  @Test
  void scoreVcfScoresThroughTheConfiguredScorer() throws Exception {
    String chr1 = ScorerOnAPortResource.genome.contigs.get("chr1");
    String ref = chr1.substring(49, 50);
    String alt = ref.equals("A") ? "C" : "A";
    Path vcf = ScorerOnAPortResource.dir.resolve("one.vcf");
    Files.writeString(vcf, "##fileformat=VCFv4.2\n##contig=<ID=chr1,length=300>\n"
        + "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n" + "chr1\t50\tsnv\t" + ref + "\t" + alt + "\t.\tPASS\t.\n");
    ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", 8183).usePlaintext().build();
    try {
      List<ScoreVcfResponse> out = new ArrayList<>();
      VariantServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS).scoreVcf(
          ScoreVcfRequest.newBuilder().setVcfUri(vcf.toString())
              .setReferenceUri(ScorerOnAPortResource.genome.fasta.toString())
              .setOptions(VariantScoringOptions.newBuilder()
                  .addModels(ModelRef.newBuilder().setId(ScorerOnAPortResource.model.id()))
                  .setStrand(StrandMode.STRAND_MODE_BOTH))
              .build()).forEachRemaining(out::add);
      List<ScoreVcfResponse> effects = out.stream().filter(ScoreVcfResponse::hasEffect).toList();
      assertEquals(1, effects.size(), out.toString());
      TaskEffect effect = effects.get(0).getEffect().getModels(0).getTasks(0);
      // The 21-base window centred on position 50 (1-based): bases 40..60.
      String refWindow = chr1.substring(39, 60);
      String altWindow = chr1.substring(39, 49) + alt + chr1.substring(50, 60);
      double[][] pwm = ScorerOnAPortResource.PWM;
      float refForward = (float) PwmScorer.bestLogOdds(pwm, refWindow);
      float refReverse = (float) PwmScorer.bestLogOdds(pwm, PwmScorer.revcomp(refWindow));
      float altForward = (float) PwmScorer.bestLogOdds(pwm, altWindow);
      float altReverse = (float) PwmScorer.bestLogOdds(pwm, PwmScorer.revcomp(altWindow));
      assertEquals(Math.max(refForward, refReverse), effect.getRefScore(), 1e-6);
      assertEquals(Math.max(altForward, altReverse), effect.getAltScore(), 1e-6);
      assertEquals(refForward, effect.getForward().getRefScore(), 1e-6);
      assertEquals(altReverse, effect.getReverse().getAltScore(), 1e-6);
      assertTrue(ScorerOnAPortResource.SCORER.requests.get() > 0, "the configured scorer was not called");
      assertEquals(1, out.get(out.size() - 1).getSummary().getAllelesScored());

      // The client-streaming RPC (its messages arrive one by one) and the mutation map take the same path.
      List<ScoreVariantsResponse> streamed = new ArrayList<>();
      CountDownLatch done = new CountDownLatch(1);
      StreamObserver<ScoreVariantsRequest> requests = VariantServiceGrpc.newStub(channel)
          .withDeadlineAfter(60, TimeUnit.SECONDS).scoreVariants(new StreamObserver<>() {
            @Override
            public void onNext(ScoreVariantsResponse value) {
              streamed.add(value);
            }

            @Override
            public void onError(Throwable t) {
              streamed.add(ScoreVariantsResponse.getDefaultInstance());
              done.countDown();
            }

            @Override
            public void onCompleted() {
              done.countDown();
            }
          });
      requests.onNext(ScoreVariantsRequest.newBuilder().setHeader(ScoreVariantsHeader.newBuilder()
          .setReferenceUri(ScorerOnAPortResource.genome.fasta.toString())
          .setOptions(VariantScoringOptions.newBuilder()
              .addModels(ModelRef.newBuilder().setId(ScorerOnAPortResource.model.id())))).build());
      requests.onNext(ScoreVariantsRequest.newBuilder().setChunk(VariantChunk.newBuilder().addRecords(
          VariantRecord.newBuilder().setChrom("chr1").setPos(50).setRef(ref).addAlt(alt))).build());
      requests.onCompleted();
      assertTrue(done.await(60, TimeUnit.SECONDS));
      List<ScoreVariantsResponse> streamedEffects = streamed.stream().filter(ScoreVariantsResponse::hasEffect).toList();
      assertEquals(1, streamedEffects.size(), streamed.toString());
      assertEquals(effect.getDelta(), streamedEffects.get(0).getEffect().getModels(0).getTasks(0).getDelta());

      GetMutationMapResponse map = VariantServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS)
          .getMutationMap(GetMutationMapRequest.newBuilder()
              .setModel(ModelRef.newBuilder().setId(ScorerOnAPortResource.model.id()))
              .setSequence(Sequence.newBuilder().setBases(refWindow)).build());
      assertEquals(Math.max(refForward, refReverse), map.getMaps(0).getWildTypeScore(), 1e-6);
      assertEquals(4 * 21, map.getMaps(0).getDeltasCount()); // A, C, G, T at each position
    } finally {
      channel.shutdownNow();
    }
  }

  /** HTTP/2 flow-control window of the pausing reader's channel: small, so that it fills after ~130 answers. */
  static final int CLIENT_WINDOW = 16 * 1024;

  /**
   * A reader with manual flow control through the packaged service (Quarkus's Vert.x gRPC server, the stream
   * produced on the service's own thread, chunks of {@link ScorerOnAPortResource#CHUNK} records): it reads five
   * answers and pauses. The service must stop scoring once the client's window is full (as grpc-java's servers
   * do in VariantStreamBackpressureTest), not score the whole VCF into memory; read again, it sends every
   * answer and the summary.
   */
  @Test
  void aClientThatPausesHoldsTheScoringBackThenGetsEveryAnswer() throws Exception {
    String chr1 = ScorerOnAPortResource.genome.contigs.get("chr1");
    int records = 3000;
    StringBuilder text = new StringBuilder("##fileformat=VCFv4.2\n##contig=<ID=chr1,length=300>\n"
        + "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n");
    for (int i = 0; i < records; i++) {
      int pos = 11 + i * 240 / records;
      String ref = chr1.substring(pos - 1, pos);
      text.append("chr1\t").append(pos).append("\tv").append(i).append('\t').append(ref).append('\t')
          .append(ref.equals("A") ? "C" : "A").append("\t.\tPASS\t.\n");
    }
    Path vcf = ScorerOnAPortResource.dir.resolve("many.vcf");
    Files.writeString(vcf, text);
    ManagedChannel channel = NettyChannelBuilder.forAddress("localhost", 8183).usePlaintext()
        .flowControlWindow(CLIENT_WINDOW).build();
    try {
      Responses<ScoreVcfRequest, ScoreVcfResponse> reader = Responses.readingFirst(5);
      int start = ScorerOnAPortResource.SCORER.sequencesScored.get();
      VariantServiceGrpc.newStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS).scoreVcf(
          ScoreVcfRequest.newBuilder().setVcfUri(vcf.toString())
              .setReferenceUri(ScorerOnAPortResource.genome.fasta.toString())
              .setOptions(VariantScoringOptions.newBuilder()
                  .addModels(ModelRef.newBuilder().setId(ScorerOnAPortResource.model.id()))).build(),
          reader);
      List<ScoreVcfResponse> out = reader.messages;
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (out.size() < 5 && System.nanoTime() < end) {
        Thread.sleep(10);
      }
      assertEquals(5, out.size());
      int before = -1;
      int now = ScorerOnAPortResource.SCORER.sequencesScored.get();
      while (now != before) { // until the scorer has had nothing new for a while
        Thread.sleep(500);
        before = now;
        now = ScorerOnAPortResource.SCORER.sequencesScored.get();
      }
      assertTrue(now > start, "nothing was scored");
      int scoredWhilePaused = (now - start) / 2; // each record's ref and alt window

      reader.call.request(1 << 20);
      assertTrue(reader.done.await(60, TimeUnit.SECONDS));
      assertNull(reader.error);
      assertEquals(records, out.stream().filter(ScoreVcfResponse::hasEffect).count());
      assertEquals(records, out.get(out.size() - 1).getSummary().getRecordsRead());
      int perAnswer = out.stream().mapToInt(ScoreVcfResponse::getSerializedSize).sum() / out.size();
      // What may be scored past the 5 read: the answers the client's window holds (twice, for framing and the
      // server's own buffers; 160 records in one run, answers of 124 bytes) and the chunks being worked on.
      int held = 2 * CLIENT_WINDOW / perAnswer;
      assertTrue(scoredWhilePaused <= 5 + held + 3 * ScorerOnAPortResource.CHUNK, scoredWhilePaused
          + " of " + records + " records scored for 5 read, answers of " + perAnswer + " bytes");
    } finally {
      channel.shutdownNow();
    }
  }
}
