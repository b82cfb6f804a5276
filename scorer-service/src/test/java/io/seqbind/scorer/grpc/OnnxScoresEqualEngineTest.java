package io.seqbind.scorer.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.seqbind.core.bundle.ModelStore;
import io.seqbind.core.model.ReverseComplement;
import io.seqbind.core.onnx.proto.ModelProto;
import io.seqbind.proto.v1.ModelRef;
import io.seqbind.proto.v1.ModelScores;
import io.seqbind.proto.v1.ScoreOptions;
import io.seqbind.proto.v1.ScoreRequest;
import io.seqbind.proto.v1.ScoreResponse;
import io.seqbind.proto.v1.ScoreStreamHeader;
import io.seqbind.proto.v1.ScoreStreamRequest;
import io.seqbind.proto.v1.Sequence;
import io.seqbind.proto.v1.SequenceBatch;
import io.seqbind.proto.v1.SequenceChunk;
import io.seqbind.scorer.OnnxModels;
import io.seqbind.scorer.ScorerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: models exported by the trainer's OnnxExport, served through ONNX Runtime and gRPC, give the
 * engine's forward pass within the model contract's 1e-5 (relative to max(1, |score|)), for one and several
 * models, both strands, several lengths in one request, streams and concurrent callers.
 */
class OnnxScoresEqualEngineTest {

  static final double TOLERANCE = 1e-5;

  @TempDir
  static Path dir;

  static OnnxModels.Exported plain; // deepbind, strands OFF, 1 task
  static OnnxModels.Exported maxStrands; // deepbind, MAX over strands, 3 tasks
  static OnnxModels.Exported twoLayer; // 2layer, MEAN over strands, 2 tasks
  static InProcessScorer scorer;

  @BeforeAll
  static void start() throws Exception {
    ModelStore store = new ModelStore(dir);
    plain = OnnxModels.add(store, "plain", "deepbind", ReverseComplement.OFF, 1, 101, 1);
    maxStrands = OnnxModels.add(store, "maxrc", "deepbind", ReverseComplement.MAX, 3, 101, 2);
    twoLayer = OnnxModels.add(store, "twolayer", "2layer", ReverseComplement.MEAN, 2, 101, 3);
    scorer = new InProcessScorer(store, ScorerSettings.defaults().withBatching(256, Duration.ofMillis(2))
        .withThreads(1, 1, 2).withCuda(false));
  }

  @AfterAll
  static void stop() throws Exception {
    scorer.close();
  }

  static ModelRef ref(OnnxModels.Exported m) {
    return ModelRef.newBuilder().setId(m.bundle().id()).build();
  }

  static SequenceBatch batch(List<String> seqs) {
    SequenceBatch.Builder b = SequenceBatch.newBuilder();
    seqs.forEach(s -> b.addSequences(Sequence.newBuilder().setBases(s)));
    return b.build();
  }

  static List<String> sequences(long seed, int n, int... lengths) {
    SplittableRandom r = new SplittableRandom(seed);
    List<String> seqs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      seqs.add(OnnxModels.random(r, lengths[i % lengths.length]));
    }
    return seqs;
  }

  /** Compares a ModelScores array with the engine's scores of each sequence (or of its reverse complement). */
  static void assertEngine(OnnxModels.Exported model, List<String> seqs, List<Float> actual, boolean reverse,
      String what) {
    assertEngine(model, seqs, actual, reverse, false, what);
  }

  /** With {@code oneStrand}, the engine's score of the one strand alone (the model's strand mode off). */
  static void assertEngine(OnnxModels.Exported model, List<String> seqs, List<Float> actual, boolean reverse,
      boolean oneStrand, String what) {
    int t = model.tasks();
    assertEquals(seqs.size() * t, actual.size(), what);
    for (int i = 0; i < seqs.size(); i++) {
      String s = reverse ? OnnxModels.reverseComplement(seqs.get(i)) : seqs.get(i);
      float[] expected = oneStrand ? model.strand(s) : model.engine(s);
      for (int k = 0; k < t; k++) {
        float got = actual.get(i * t + k);
        if (!(Math.abs(got - expected[k]) <= TOLERANCE * Math.max(1, Math.abs(expected[k])))) {
          fail(what + ": sequence " + i + " task " + k + ": engine " + expected[k] + ", scorer " + got);
        }
      }
    }
  }

  @Test
  void oneModelOverSeveralLengthsInOneRequestEqualsTheEngine() {
    List<String> seqs = sequences(10, 60, 24, 60, 101, 37);
    ScoreResponse r = scorer.blocking().score(ScoreRequest.newBuilder().addModels(ref(plain))
        .setBatch(batch(seqs)).build());
    assertEquals(0, r.getErrorsCount());
    assertEngine(plain, seqs, r.getModels(0).getScoresList(), false, "plain");
  }

  @Test
  void severalModelsAndBothStrandsEqualTheEngine() {
    List<String> seqs = sequences(11, 40, 101, 50);
    ScoreResponse r = scorer.blocking().score(ScoreRequest.newBuilder()
        .addModels(ref(maxStrands)).addModels(ref(plain)).addModels(ref(twoLayer))
        .setBatch(batch(seqs)).setOptions(ScoreOptions.newBuilder().setBothStrands(true)).build());
    assertEquals(3, r.getModelsCount());
    OnnxModels.Exported[] order = {maxStrands, plain, twoLayer};
    for (int m = 0; m < 3; m++) {
      ModelScores s = r.getModels(m);
      assertEquals(order[m].bundle().id(), s.getModelId());
      String name = order[m].bundle().displayName();
      assertEngine(order[m], seqs, s.getScoresList(), false, name + " combined");
      // Each strand alone: from the graph's own strand outputs (maxrc, twolayer), or by scoring the reverse
      // complement (plain, whose graph reads one strand).
      assertEngine(order[m], seqs, s.getForwardList(), false, true, name + " forward");
      assertEngine(order[m], seqs, s.getReverseList(), true, true, name + " reverse");
    }
    // The combination the graphs apply: max of the strands (maxrc), their mean (twolayer).
    ModelScores max = r.getModels(0);
    ModelScores mean = r.getModels(2);
    boolean strandsDiffer = false;
    for (int i = 0; i < max.getScoresCount(); i++) {
      assertEquals(Math.max(max.getForward(i), max.getReverse(i)), max.getScores(i), 1e-6, "max, value " + i);
      strandsDiffer |= Math.abs(max.getForward(i) - max.getReverse(i)) > 1e-3;
    }
    for (int i = 0; i < mean.getScoresCount(); i++) {
      assertEquals((mean.getForward(i) + mean.getReverse(i)) / 2, mean.getScores(i), 1e-5, "mean, value " + i);
    }
    assertTrue(strandsDiffer, "each strand's scores, not the combined score twice");
  }

  @Test
  void aGraphThatCombinesStrandsWithoutOutputtingThemRefusesBothStrands() throws Exception {
    // As the exporter wrote models that scan both strands before it added the forward and reverse outputs.
    OnnxModels.Exported old = OnnxModels.add(new ModelStore(dir), "old", "deepbind", ReverseComplement.MAX, 1, 101,
        4, bytes -> {
          try {
            ModelProto.Builder m = ModelProto.parseFrom(bytes).toBuilder();
            m.getGraphBuilder().removeOutput(2).removeOutput(1);
            return m.build().toByteArray();
          } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
          }
        });
    List<String> seqs = sequences(13, 5, 101);
    ScoreRequest.Builder request = ScoreRequest.newBuilder().addModels(ref(old)).setBatch(batch(seqs));
    assertEngine(old, seqs, scorer.blocking().score(request.build()).getModels(0).getScoresList(), false, "old");
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> scorer.blocking().score(
        request.setOptions(ScoreOptions.newBuilder().setBothStrands(true)).build()));
    assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode());
    assertEquals("model old:1 (" + old.bundle().id().substring(0, 12) + ") combines both strands in its graph but "
        + "has no forward and reverse outputs (exported before seqbind added them), so it cannot report each strand; "
        + "score without both_strands, or train it again", e.getStatus().getDescription());
  }

  @Test
  void scoresDoNotDependOnBatching() throws Exception {
    List<String> seqs = sequences(12, 300, 101);
    ScoreRequest request = ScoreRequest.newBuilder().addModels(ref(twoLayer)).setBatch(batch(seqs)).build();
    List<Float> batched = scorer.blocking().score(request).getModels(0).getScoresList();
    InProcessScorer single = new InProcessScorer(new ModelStore(dir), ScorerSettings.defaults()
        .withBatching(1, Duration.ZERO).withThreads(1, 1, 1).withCuda(false));
    try {
      List<Float> one = single.blocking().score(request).getModels(0).getScoresList();
      for (int i = 0; i < one.size(); i++) {
        assertEquals(one.get(i), batched.get(i), 1e-6 * Math.max(1, Math.abs(one.get(i))), "row " + i / 2);
      }
    } finally {
      single.close();
    }
    assertEngine(twoLayer, seqs, batched, false, "batched");
  }

  @Test
  void aStreamEqualsTheEngineChunkByChunk() throws Exception {
    List<String> seqs = sequences(13, 90, 101, 70);
    StreamClient client = new StreamClient();
    StreamObserver<ScoreStreamRequest> requests = scorer.async().scoreStream(client);
    requests.onNext(ScoreStreamRequest.newBuilder().setHeader(ScoreStreamHeader.newBuilder()
        .addModels(ref(maxStrands))).build());
    for (int start = 0; start < seqs.size(); start += 16) {
      SequenceChunk.Builder chunk = SequenceChunk.newBuilder();
      seqs.subList(start, Math.min(seqs.size(), start + 16)).forEach(s -> chunk.addSequences(
          Sequence.newBuilder().setBases(s)));
      requests.onNext(ScoreStreamRequest.newBuilder().setChunk(chunk).build());
    }
    requests.onCompleted();
    client.end.get(60, TimeUnit.SECONDS);
    List<Float> all = new ArrayList<>();
    client.responses.forEach(r -> all.addAll(r.getModels(0).getScoresList()));
    assertEquals(6, client.responses.size());
    assertEngine(maxStrands, seqs, all, false, "stream");
  }

  @Test
  void thirtyTwoConcurrentCallersWithRandomBatchSizesGetTheirOwnScoresInOrder() throws Exception {
    List<String> pool = sequences(14, 400, 101);
    float[] expected = plain.engine(pool);
    ExecutorService callers = Executors.newFixedThreadPool(32);
    try {
      List<Future<?>> all = new ArrayList<>();
      for (int c = 0; c < 32; c++) {
        int caller = c;
        all.add(callers.submit(() -> {
          SplittableRandom random = new SplittableRandom(caller);
          for (int call = 0; call < 4; call++) {
            int n = 1 + random.nextInt(64);
            List<Integer> picks = new ArrayList<>();
            for (int i = 0; i < n; i++) {
              picks.add(random.nextInt(pool.size()));
            }
            ScoreResponse r = scorer.blocking().score(ScoreRequest.newBuilder().addModels(ref(plain))
                .setBatch(batch(picks.stream().map(pool::get).toList())).build());
            List<Float> got = r.getModels(0).getScoresList();
            assertEquals(n, got.size());
            for (int i = 0; i < n; i++) {
              float want = expected[picks.get(i)];
              assertEquals(want, got.get(i), TOLERANCE * Math.max(1, Math.abs(want)),
                  "caller " + caller + " call " + call + " row " + i);
            }
          }
          return null;
        }));
      }
      for (Future<?> f : all) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      callers.shutdownNow();
    }
    assertTrue(scorer.registry.get("seqbind.scorer.batch.size").summary().max() > 1, "callers were merged");
  }
}
