package io.seqbind.scorer.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.seqbind.core.bundle.ModelBundle;
import io.seqbind.core.bundle.ModelStore;
import io.seqbind.proto.v1.Alphabet;
import io.seqbind.proto.v1.ErrorReason;
import io.seqbind.proto.v1.ExecutionProvider;
import io.seqbind.proto.v1.GetRuntimeInfoRequest;
import io.seqbind.proto.v1.GetRuntimeInfoResponse;
import io.seqbind.proto.v1.ItemError;
import io.seqbind.proto.v1.ListServingModelsRequest;
import io.seqbind.proto.v1.ListServingModelsResponse;
import io.seqbind.proto.v1.ModelName;
import io.seqbind.proto.v1.ModelRef;
import io.seqbind.proto.v1.ModelScores;
import io.seqbind.proto.v1.PackedSequences;
import io.seqbind.proto.v1.ScoreOptions;
import io.seqbind.proto.v1.ScoreRequest;
import io.seqbind.proto.v1.ScoreResponse;
import io.seqbind.proto.v1.ScoreScale;
import io.seqbind.proto.v1.ScoreStreamHeader;
import io.seqbind.proto.v1.ScoreStreamRequest;
import io.seqbind.proto.v1.ScoreStreamResponse;
import io.seqbind.proto.v1.Sequence;
import io.seqbind.proto.v1.SequenceBatch;
import io.seqbind.proto.v1.SequenceChunk;
import io.seqbind.proto.v1.TaskType;
import io.seqbind.scorer.FakeModels;
import io.seqbind.scorer.ScorerSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service contract over grpc-inprocess with fake models (FakeModels: a score computable from the text),
 * so every expected value here is independent of the encoder and of ONNX Runtime.
 */
class ScorerGrpcServiceTest {

  static final ScorerSettings SETTINGS = ScorerSettings.defaults()
      .withBatching(64, Duration.ofMillis(1))
      .withLimits(1000, 50, 2, 100_000)
      .withThreads(1, 1, 2)
      .withCuda(false)
      .withMemory(new ScorerSettings.Memory(2000, 1000, 100_000))
      .withRecheck(Duration.ZERO, Duration.ofSeconds(60));

  @TempDir
  Path dir;

  ModelStore store;
  ModelBundle binary2; // 2 tasks, min length 3
  ModelBundle regression5; // 5 tasks, min length 1
  final FakeModels.Loader loader = new FakeModels.Loader();
  final AtomicInteger messagesIn = new AtomicInteger();
  InProcessScorer scorer;

  @BeforeEach
  void start() throws Exception {
    store = new ModelStore(dir);
    binary2 = FakeModels.add(store, FakeModels.info("bin", "1", 2, 3, TaskType.TASK_TYPE_BINARY));
    regression5 = FakeModels.add(store, FakeModels.info("reg", "1", 5, 1, TaskType.TASK_TYPE_REGRESSION));
    scorer = new InProcessScorer(store, SETTINGS, loader, countMessages());
  }

  @AfterEach
  void stop() throws Exception {
    loader.gate = null;
    scorer.close();
  }

  /** Counts request messages the server has taken in (to see its flow control). */
  private ServerInterceptor countMessages() {
    return new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
          ServerCallHandler<Q, R> next) {
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
          @Override
          public void onMessage(Q message) {
            messagesIn.incrementAndGet();
            super.onMessage(message);
          }
        };
      }
    };
  }

  static ModelRef byId(ModelBundle b) {
    return ModelRef.newBuilder().setId(b.id()).build();
  }

  static ModelRef byName(String name, String version) {
    return ModelRef.newBuilder().setName(ModelName.newBuilder().setName(name).setVersion(version)).build();
  }

  static SequenceBatch batch(String... bases) {
    SequenceBatch.Builder b = SequenceBatch.newBuilder();
    for (int i = 0; i < bases.length; i++) {
      b.addSequences(Sequence.newBuilder().setId("s" + i).setBases(bases[i]));
    }
    return b.build();
  }

  static String reverseComplement(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = s.length() - 1; i >= 0; i--) {
      char c = s.charAt(i);
      out.append(switch (Character.toUpperCase(c)) {
        case 'A' -> 'T';
        case 'C' -> 'G';
        case 'G' -> 'C';
        case 'T', 'U' -> 'A';
        default -> 'N';
      });
    }
    return out.toString();
  }

  static void assertScores(List<String> seqs, int tasks, List<Float> actual, boolean reverse, String what) {
    assertEquals(seqs.size() * tasks, actual.size(), what);
    for (int i = 0; i < seqs.size(); i++) {
      String s = reverse ? reverseComplement(seqs.get(i)) : seqs.get(i);
      for (int t = 0; t < tasks; t++) {
        assertEquals(FakeModels.expected(s, t), actual.get(i * tasks + t), what + " sequence " + i + " task " + t);
      }
    }
  }

  static String random(Random r, int length) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < length; i++) {
      s.append("ACGTacgN".charAt(r.nextInt(8)));
    }
    return s.toString();
  }

  @Test
  void scoresEveryDistinctModelInRequestOrderForSequencesOfSeveralLengths() {
    List<String> seqs = List.of("ACGTACGT", "ggcat", "TTTNNNAAAC", "ACG", "CCCCCCCCCCCCCCCCCCCCC", "ACGU");
    ScoreResponse r = scorer.blocking().score(ScoreRequest.newBuilder()
        .addModels(byName("reg", "1"))
        .addModels(byId(binary2))
        .addModels(byId(regression5)) // the same model again: scored once
        .setBatch(batch(seqs.toArray(String[]::new)))
        .build());
    assertEquals(2, r.getModelsCount());
    assertEquals(0, r.getErrorsCount());
    ModelScores reg = r.getModels(0);
    assertEquals(regression5.id(), reg.getModelId());
    assertEquals(FakeModels.taskNames(5), reg.getTaskNamesList());
    assertEquals(6, reg.getRows());
    assertEquals(5, reg.getColumns());
    assertScores(seqs, 5, reg.getScoresList(), false, "reg");
    assertEquals(0, reg.getForwardCount());
    ModelScores bin = r.getModels(1);
    assertEquals(binary2.id(), bin.getModelId());
    assertScores(seqs, 2, bin.getScoresList(), false, "bin");
  }

  @Test
  void bothStrandsRunsTheReverseComplementThroughTheModel() {
    List<String> seqs = List.of("AACGTTTG", "ACG", "GGGGCA", "TTNAC");
    ScoreResponse r = scorer.blocking().score(ScoreRequest.newBuilder()
        .addModels(byId(regression5))
        .setBatch(batch(seqs.toArray(String[]::new)))
        .setOptions(ScoreOptions.newBuilder().setBothStrands(true))
        .build());
    ModelScores m = r.getModels(0);
    assertScores(seqs, 5, m.getForwardList(), false, "forward");
    assertScores(seqs, 5, m.getReverseList(), true, "reverse");
    assertScores(seqs, 5, m.getScoresList(), false, "combined (the graph's output for the sequence as given)");
  }

  @Test
  void probabilityScaleAppliesTheSigmoidToBinaryTasksOnly() {
    List<String> seqs = List.of("ACGTA", "TTTTT");
    ScoreResponse r = scorer.blocking().score(ScoreRequest.newBuilder()
        .addModels(byId(binary2))
        .addModels(byId(regression5))
        .setBatch(batch(seqs.toArray(String[]::new)))
        .setOptions(ScoreOptions.newBuilder().setScale(ScoreScale.SCORE_SCALE_PROBABILITY))
        .build());
    for (int i = 0; i < 2; i++) {
      for (int t = 0; t < 2; t++) {
        double raw = FakeModels.expected(seqs.get(i), t);
        assertEquals((float) (1 / (1 + Math.exp(-raw))), r.getModels(0).getScores(i * 2 + t));
      }
    }
    assertScores(seqs, 5, r.getModels(1).getScoresList(), false, "regression stays raw");
  }

  @Test
  void badSequencesBecomeItemErrorsWithNaNRowsWhileTheOthersAreScored() {
    String tooLong = "A".repeat(51);
    ScoreResponse r = scorer.blocking().score(ScoreRequest.newBuilder()
        .addModels(byId(binary2))
        .addModels(byId(regression5))
        .setBatch(batch("ACGT", "", "ACXT", "AC", tooLong, "GATTACA"))
        .build());
    List<ItemError> errors = r.getErrorsList();
    assertEquals(4, errors.size(), errors.toString());
    assertEquals(1, errors.get(0).getIndex());
    assertEquals(ErrorReason.ERROR_REASON_EMPTY_SEQUENCE, errors.get(0).getReason());
    assertEquals(2, errors.get(1).getIndex());
    assertEquals(ErrorReason.ERROR_REASON_INVALID_CHARACTER, errors.get(1).getReason());
    assertEquals("sequence at index 2 ('s2'): position 3: unexpected character 'X' (expected A, C, G, T/U, N or an"
        + " IUPAC code)", errors.get(1).getMessage());
    assertEquals("s2", errors.get(1).getId());
    assertEquals("", errors.get(1).getModelId());
    assertEquals(Status.Code.INVALID_ARGUMENT.value(), errors.get(1).getCode());
    assertEquals(3, errors.get(2).getIndex());
    assertEquals(ErrorReason.ERROR_REASON_TOO_SHORT, errors.get(2).getReason());
    assertEquals(binary2.id(), errors.get(2).getModelId(), "too short only for the model with min_length 3");
    assertTrue(errors.get(2).getMessage().contains("2 bases, model bin:1"), errors.get(2).getMessage());
    assertEquals(4, errors.get(3).getIndex());
    assertEquals(ErrorReason.ERROR_REASON_TOO_LONG, errors.get(3).getReason());

    ModelScores bin = r.getModels(0);
    ModelScores reg = r.getModels(1);
    for (int row : new int[] {1, 2, 3, 4}) {
      assertTrue(Float.isNaN(bin.getScores(row * 2)) && Float.isNaN(bin.getScores(row * 2 + 1)), "bin row " + row);
    }
    for (int row : new int[] {1, 2, 4}) {
      assertTrue(Float.isNaN(reg.getScores(row * 5)), "reg row " + row);
    }
    assertEquals(FakeModels.expected("AC", 4), reg.getScores(3 * 5 + 4), "AC is long enough for reg");
    assertEquals(FakeModels.expected("GATTACA", 1), bin.getScores(5 * 2 + 1));
    assertEquals(FakeModels.expected("ACGT", 0), bin.getScores(0));
  }

  @Test
  void strictModeFailsTheRequestNamingTheFirstBadSequence() {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> scorer.blocking().score(
        ScoreRequest.newBuilder()
            .addModels(byId(regression5))
            .setBatch(batch("ACGT", "ACGT", "AC-T", ""))
            .setOptions(ScoreOptions.newBuilder().setStrict(true))
            .build()));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().startsWith("sequence at index 2 ('s2'): position 3: unexpected"
        + " character '-'"), e.getStatus().getDescription());
    assertEquals(0, loader.rows.get(), "nothing was scored");
  }

  private Status.Code scoreError(ScoreRequest request, String expectedInMessage) {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> scorer.blocking().score(request));
    assertTrue(e.getStatus().getDescription().contains(expectedInMessage), e.getStatus().getDescription());
    return e.getStatus().getCode();
  }

  @Test
  void requestLevelProblemsFailWithTheContractsStatuses() throws Exception {
    SequenceBatch one = batch("ACGT");
    assertEquals(Status.Code.INVALID_ARGUMENT, scoreError(ScoreRequest.newBuilder().setBatch(one).build(),
        "no models"));
    assertEquals(Status.Code.INVALID_ARGUMENT, scoreError(ScoreRequest.newBuilder().addModels(byId(binary2))
        .build(), "no sequences"));
    assertEquals(Status.Code.INVALID_ARGUMENT, scoreError(ScoreRequest.newBuilder()
        .addModels(byId(binary2)).addModels(ModelRef.newBuilder().setId("ABC")).setBatch(one).build(),
        "models[1]: model id 'ABC' is not a lowercase hex sha256"));
    assertEquals(Status.Code.INVALID_ARGUMENT, scoreError(ScoreRequest.newBuilder()
        .addModels(ModelRef.getDefaultInstance()).setBatch(one).build(), "models[0]: a model reference needs"));
    String[] many = new String[1001];
    java.util.Arrays.fill(many, "ACGT");
    assertEquals(Status.Code.INVALID_ARGUMENT, scoreError(ScoreRequest.newBuilder().addModels(byId(binary2))
        .setBatch(batch(many)).build(), "1001 sequences in one request, more than max_sequences_per_request = 1000"));
    assertEquals(Status.Code.NOT_FOUND, scoreError(ScoreRequest.newBuilder().addModels(byName("nope", "3"))
        .setBatch(one).build(), "no model nope:3"));
    assertEquals(Status.Code.NOT_FOUND, scoreError(ScoreRequest.newBuilder().addModels(ModelRef.newBuilder()
        .setId("0".repeat(64))).setBatch(one).build(), "no model with id " + "0".repeat(64)));
    assertEquals(Status.Code.INVALID_ARGUMENT, scoreError(ScoreRequest.newBuilder().addModels(byId(binary2))
        .setBatch(one.toBuilder().setAlphabet(Alphabet.ALPHABET_RNA)).build(),
        "the sequences are RNA but model bin:1 reads DNA"));

    ModelBundle broken = FakeModels.add(store, FakeModels.info("broken", "1", 1, 1, TaskType.TASK_TYPE_BINARY));
    byte[] bytes = Files.readAllBytes(broken.onnxFile());
    bytes[bytes.length - 1] ^= 1;
    Files.write(broken.onnxFile(), bytes);
    assertEquals(Status.Code.FAILED_PRECONDITION, scoreError(ScoreRequest.newBuilder().addModels(byId(broken))
        .setBatch(one).build(), "differs from the manifest's id"));
  }

  /** The batch's sequences in the packed form, with the ids {@link #batch} gives them ("s0", "s1", ...). */
  static SequenceBatch packed(SequenceBatch batch) {
    PackedSequences.Builder p = PackedSequences.newBuilder();
    ByteString.Output bases = ByteString.newOutput();
    for (Sequence s : batch.getSequencesList()) {
      byte[] b = s.getBases().getBytes(StandardCharsets.ISO_8859_1);
      bases.write(b, 0, b.length);
      p.addLengths(b.length).addIds(s.getId());
    }
    return batch.toBuilder().clearSequences().setPacked(p.setBases(bases.toByteString())).build();
  }

  @Test
  void packedSequencesAreScoredAndCheckedExactlyAsOneMessagePerSequence() throws Exception {
    // Good ones of several lengths, then each per-item problem: empty, not a base (also a byte above ASCII),
    // too short for bin, too long.
    SequenceBatch messages = batch("ACGTACGT", "ggcat", "", "ACXT", "AC\u00e9T", "AC", "A".repeat(51), "TTNAC", "ACGU");
    for (ScoreOptions options : List.of(ScoreOptions.getDefaultInstance(), ScoreOptions.newBuilder()
        .setBothStrands(true).setScale(ScoreScale.SCORE_SCALE_PROBABILITY).build())) {
      ScoreRequest asMessages = ScoreRequest.newBuilder().addModels(byId(binary2)).addModels(byId(regression5))
          .setBatch(messages).setOptions(options).build();
      ScoreResponse expected = scorer.blocking().score(asMessages);
      assertEquals(5, expected.getErrorsCount(), expected.getErrorsList().toString());
      assertEquals(expected, scorer.blocking().score(asMessages.toBuilder().setBatch(packed(messages)).build()),
          "same scores, NaN rows and errors (ids included) with " + options);
    }
    assertEquals("sequence at index 4 ('s4'): position 3: unexpected character U+00E9 (expected A, C, G, T/U, N or an"
        + " IUPAC code)", scorer.blocking().score(ScoreRequest.newBuilder().addModels(byId(regression5))
            .setBatch(packed(messages)).build()).getErrors(2).getMessage());
    SequenceBatch noIds = packed(messages).toBuilder().setPacked(packed(messages).getPacked().toBuilder().clearIds())
        .build();
    ItemError anonymous = scorer.blocking().score(ScoreRequest.newBuilder().addModels(byId(regression5))
        .setBatch(noIds).build()).getErrors(0);
    assertEquals("", anonymous.getId());
    assertEquals("sequence at index 2: empty sequence, expected at least one base", anonymous.getMessage());

    // A stream of packed chunks answers as a stream of message chunks does.
    List<List<ScoreStreamResponse>> answers = new ArrayList<>();
    for (boolean pack : new boolean[] {false, true}) {
      StreamClient client = new StreamClient();
      StreamObserver<ScoreStreamRequest> requests = scorer.async().scoreStream(client);
      requests.onNext(ScoreStreamRequest.newBuilder().setHeader(ScoreStreamHeader.newBuilder()
          .addModels(byId(binary2)).setOptions(ScoreOptions.newBuilder().setBothStrands(true))).build());
      for (int c = 0; c < 3; c++) {
        SequenceChunk.Builder chunk = SequenceChunk.newBuilder();
        if (pack) {
          chunk.setPacked(packed(messages).getPacked());
        } else {
          chunk.addAllSequences(messages.getSequencesList());
        }
        requests.onNext(ScoreStreamRequest.newBuilder().setChunk(chunk).build());
      }
      requests.onCompleted();
      client.end.get(20, TimeUnit.SECONDS);
      answers.add(client.responses);
    }
    assertEquals(3, answers.get(0).size());
    assertEquals(answers.get(0), answers.get(1));
  }

  @Test
  void packedSequencesThatDoNotAddUpFailTheRequestOrStreamWithInvalidArgument() throws Exception {
    PackedSequences good = packed(batch("ACGT", "GGCAT")).getPacked();
    ScoreRequest.Builder request = ScoreRequest.newBuilder().addModels(byId(regression5));
    assertEquals(Status.Code.INVALID_ARGUMENT, scoreError(request.setBatch(batch("ACGT").toBuilder().setPacked(good))
        .build(), "batch sets both sequences (1) and packed; set one of them"));
    assertEquals(Status.Code.INVALID_ARGUMENT, scoreError(request.setBatch(SequenceBatch.newBuilder().setPacked(
        good.toBuilder().setLengths(1, 4))).build(),
        "batch: packed.lengths add up to 8 bases, but packed.bases holds 9 bytes; they must match"));
    assertEquals(Status.Code.INVALID_ARGUMENT, scoreError(request.setBatch(SequenceBatch.newBuilder().setPacked(
        good.toBuilder().setLengths(1, 6))).build(),
        "batch: packed.lengths add up to 10 bases, but packed.bases holds 9 bytes"));
    assertEquals(Status.Code.INVALID_ARGUMENT, scoreError(request.setBatch(SequenceBatch.newBuilder().setPacked(
        good.toBuilder().setLengths(0, -1).setLengths(1, 10))).build(),
        "batch: packed.lengths[0] is -1, expected a length of at least 0"));
    assertEquals(Status.Code.INVALID_ARGUMENT, scoreError(request.setBatch(SequenceBatch.newBuilder().setPacked(
        good.toBuilder().addIds("extra"))).build(), "batch: packed has 3 ids for 2 lengths; give one id per sequence"));
    assertEquals(Status.Code.INVALID_ARGUMENT, scoreError(request.setBatch(SequenceBatch.newBuilder().setPacked(
        PackedSequences.getDefaultInstance())).build(), "no sequences"));
    Status s = streamError(ScoreStreamRequest.newBuilder().setHeader(ScoreStreamHeader.newBuilder()
        .addModels(byId(regression5))).build(), ScoreStreamRequest.newBuilder().setChunk(SequenceChunk.newBuilder()
            .setPacked(good.toBuilder().setLengths(1, 4))).build());
    assertEquals(Status.Code.INVALID_ARGUMENT, s.getCode());
    assertTrue(s.getDescription().contains("chunk in message 1: packed.lengths add up to 8 bases"), s.getDescription());
    assertEquals(0, loader.rows.get(), "nothing was scored");
  }

  @Test
  void aBundleAddedWhileServingIsFoundAndANameAloneMeansItsNewestVersion() throws Exception {
    SequenceBatch one = batch("ACGTT");
    FakeModels.add(store, FakeModels.info("late", "1", 1, 1, TaskType.TASK_TYPE_REGRESSION));
    ModelScores v1 = scorer.blocking().score(ScoreRequest.newBuilder().addModels(byName("late", ""))
        .setBatch(one).build()).getModels(0);
    ModelBundle v2 = FakeModels.add(store, FakeModels.info("late", "2", 3, 1, TaskType.TASK_TYPE_REGRESSION));
    ModelScores exact = scorer.blocking().score(ScoreRequest.newBuilder().addModels(byName("late", "2"))
        .setBatch(one).build()).getModels(0);
    assertEquals(v2.id(), exact.getModelId(), "a new version is found on the first request that names it");
    assertEquals(3, exact.getColumns());
    assertFalse(v1.getModelId().equals(v2.id()));
  }

  @Test
  void streamAnswersEveryChunkInOrderWithStreamWideIndices() throws Exception {
    StreamClient client = new StreamClient();
    StreamObserver<ScoreStreamRequest> requests = scorer.async().scoreStream(client);
    requests.onNext(ScoreStreamRequest.newBuilder().setHeader(ScoreStreamHeader.newBuilder()
        .addModels(byId(binary2)).addModels(byId(regression5))
        .setOptions(ScoreOptions.newBuilder().setBothStrands(true))).build());
    Random random = new Random(7);
    List<List<String>> chunks = new ArrayList<>();
    for (int c = 0; c < 12; c++) {
      List<String> seqs = new ArrayList<>();
      int n = 1 + random.nextInt(30);
      for (int i = 0; i < n; i++) {
        seqs.add(c == 5 && i == 0 ? "AC" : random(random, 3 + random.nextInt(15)));
      }
      chunks.add(seqs);
      SequenceChunk.Builder chunk = SequenceChunk.newBuilder();
      seqs.forEach(s -> chunk.addSequences(Sequence.newBuilder().setBases(s)));
      requests.onNext(ScoreStreamRequest.newBuilder().setChunk(chunk).build());
    }
    requests.onCompleted();
    client.end.get(20, TimeUnit.SECONDS);
    assertEquals(12, client.responses.size());
    long first = 0;
    for (int c = 0; c < 12; c++) {
      ScoreStreamResponse r = client.responses.get(c);
      List<String> seqs = chunks.get(c);
      assertEquals(first, r.getFirstIndex(), "chunk " + c);
      assertEquals(seqs.size(), r.getCount());
      assertScores(seqs, 5, r.getModels(1).getForwardList(), false, "chunk " + c + " reg forward");
      assertScores(seqs, 5, r.getModels(1).getReverseList(), true, "chunk " + c + " reg reverse");
      if (c == 5) {
        assertEquals(1, r.getErrorsCount());
        assertEquals(first, r.getErrors(0).getIndex(), "error index is stream-wide");
        assertEquals(ErrorReason.ERROR_REASON_TOO_SHORT, r.getErrors(0).getReason());
      } else {
        assertScores(seqs, 2, r.getModels(0).getScoresList(), false, "chunk " + c + " bin");
      }
      first += seqs.size();
    }
  }

  @Test
  void streamStopsReadingWhileMaxInFlightChunksAreUnanswered() throws Exception {
    loader.gate = new CountDownLatch(1);
    StreamClient client = new StreamClient();
    StreamObserver<ScoreStreamRequest> requests = scorer.async().scoreStream(client);
    requests.onNext(ScoreStreamRequest.newBuilder().setHeader(ScoreStreamHeader.newBuilder()
        .addModels(byId(regression5))).build());
    for (int c = 0; c < 10; c++) {
      requests.onNext(ScoreStreamRequest.newBuilder().setChunk(SequenceChunk.newBuilder()
          .addSequences(Sequence.newBuilder().setBases("ACGT".repeat(c + 1)))).build());
    }
    requests.onCompleted();
    Thread.sleep(400);
    assertEquals(1 + SETTINGS.maxInFlightChunks(), messagesIn.get(), "header + max_in_flight_chunks read");
    loader.gate.countDown();
    client.end.get(20, TimeUnit.SECONDS);
    assertEquals(10, client.responses.size());
    for (int c = 0; c < 10; c++) {
      assertScores(List.of("ACGT".repeat(c + 1)), 5, client.responses.get(c).getModels(0).getScoresList(), false,
          "chunk " + c);
    }
  }

  private Status streamError(ScoreStreamRequest... messages) throws Exception {
    StreamClient client = new StreamClient();
    StreamObserver<ScoreStreamRequest> requests = scorer.async().scoreStream(client);
    for (ScoreStreamRequest m : messages) {
      requests.onNext(m);
    }
    requests.onCompleted();
    ExecutionException e = assertThrows(ExecutionException.class, () -> client.end.get(10, TimeUnit.SECONDS));
    assertTrue(client.responses.isEmpty(), "no response before the error");
    return Status.fromThrowable(e.getCause());
  }

  @Test
  void streamProtocolErrorsEndTheStreamWithInvalidArgumentOrNotFound() throws Exception {
    ScoreStreamRequest header = ScoreStreamRequest.newBuilder().setHeader(ScoreStreamHeader.newBuilder()
        .addModels(byId(regression5))).build();
    ScoreStreamRequest chunk = ScoreStreamRequest.newBuilder().setChunk(SequenceChunk.newBuilder()
        .addSequences(Sequence.newBuilder().setBases("ACGT"))).build();
    Status s = streamError(chunk);
    assertEquals(Status.Code.INVALID_ARGUMENT, s.getCode());
    assertTrue(s.getDescription().contains("the first message must be a header"), s.getDescription());
    s = streamError(header, header);
    assertEquals(Status.Code.INVALID_ARGUMENT, s.getCode());
    assertTrue(s.getDescription().contains("message 1 is a second header"), s.getDescription());
    SequenceChunk.Builder big = SequenceChunk.newBuilder();
    for (int i = 0; i < 1001; i++) {
      big.addSequences(Sequence.newBuilder().setBases("ACGT"));
    }
    s = streamError(header, ScoreStreamRequest.newBuilder().setChunk(big).build());
    assertEquals(Status.Code.INVALID_ARGUMENT, s.getCode());
    assertTrue(s.getDescription().contains("1001 sequences, more than max_sequences_per_request = 1000"));
    s = streamError(ScoreStreamRequest.newBuilder().setHeader(ScoreStreamHeader.newBuilder()
        .addModels(byName("absent", ""))).build(), chunk);
    assertEquals(Status.Code.NOT_FOUND, s.getCode());
    s = streamError(ScoreStreamRequest.newBuilder().setHeader(ScoreStreamHeader.getDefaultInstance()).build());
    assertEquals(Status.Code.INVALID_ARGUMENT, s.getCode());
    assertTrue(s.getDescription().contains("header: no models"), s.getDescription());
  }

  @Test
  void thirtyTwoConcurrentCallersGetExactlyTheirOwnScoresInOrder() throws Exception {
    ExecutorService callers = Executors.newFixedThreadPool(32);
    try {
      List<Future<?>> all = new ArrayList<>();
      for (int c = 0; c < 32; c++) {
        int caller = c;
        all.add(callers.submit(() -> {
          Random random = new Random(caller);
          for (int call = 0; call < 8; call++) {
            int n = 1 + random.nextInt(100);
            List<String> seqs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
              seqs.add(random(random, 5 + random.nextInt(4)));
            }
            ScoreResponse r = scorer.blocking().score(ScoreRequest.newBuilder().addModels(byId(regression5))
                .setBatch(batch(seqs.toArray(String[]::new))).build());
            assertScores(seqs, 5, r.getModels(0).getScoresList(), false, "caller " + caller + " call " + call);
          }
          return null;
        }));
      }
      for (Future<?> f : all) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      callers.shutdownNow();
    }
    var batches = scorer.registry.get("seqbind.scorer.batch.size").summary();
    assertTrue(batches.max() > 1, "requests were merged into larger batches");
    assertTrue(batches.max() <= 64);
  }

  @Test
  void aPassedDeadlineDropsTheQueuedWorkInsteadOfRunningIt() throws Exception {
    loader.gate = new CountDownLatch(1);
    StreamObserver<ScoreResponse> ignore = new StreamObserver<>() {
      @Override
      public void onNext(ScoreResponse value) {}

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {}
    };
    // Both batch threads held by the gate (two lanes: two models)...
    scorer.async().score(ScoreRequest.newBuilder().addModels(byId(binary2)).setBatch(batch("ACGTA")).build(),
        ignore);
    scorer.async().score(ScoreRequest.newBuilder().addModels(byId(regression5)).setBatch(batch("ACG")).build(),
        ignore);
    Thread.sleep(300);
    // ...so this one waits in its lane until its deadline passes.
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> scorer.blocking()
        .withDeadlineAfter(100, TimeUnit.MILLISECONDS)
        .score(ScoreRequest.newBuilder().addModels(byId(regression5)).setBatch(batch("ACGTACGT")).build()));
    assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
    loader.gate.countDown();
    Thread.sleep(300);
    assertEquals(2, loader.rows.get(), "the two held sequences ran, the expired request's did not");
  }

  @Test
  void aRequestOrChunkOverTheBaseBoundIsRefusedBeforeAnythingIsEncoded() throws Exception {
    // 41 sequences of 50 bases (each within max_sequence_length) are 2050 bases, over the bound of 2000.
    String[] many = new String[41];
    java.util.Arrays.fill(many, "ACGTACGTAC".repeat(5));
    ScoreRequest big = ScoreRequest.newBuilder().addModels(byId(regression5)).setBatch(batch(many)).build();
    assertEquals(Status.Code.INVALID_ARGUMENT, scoreError(big,
        "holds 41 sequences of 2050 bases in all, more than this server's max_bases_per_request = 2000"));
    assertEquals(0, loader.rows.get(), "nothing of it ran");
    assertEquals(1.0, scorer.registry.get("seqbind.scorer.memory.refusals").counter().count());
    // 40 of them fit.
    assertEquals(40, scorer.blocking().score(ScoreRequest.newBuilder().addModels(byId(regression5))
        .setBatch(batch(java.util.Arrays.copyOf(many, 40))).build()).getModels(0).getRows());

    SequenceChunk.Builder chunk = SequenceChunk.newBuilder();
    for (String m : many) {
      chunk.addSequences(Sequence.newBuilder().setBases(m));
    }
    Status s = streamError(ScoreStreamRequest.newBuilder().setHeader(ScoreStreamHeader.newBuilder()
        .addModels(byId(regression5))).build(), ScoreStreamRequest.newBuilder().setChunk(chunk).build());
    assertEquals(Status.Code.INVALID_ARGUMENT, s.getCode());
    assertTrue(s.getDescription().contains("2050 bases in all"), s.getDescription());
  }

  @Test
  void aLoadedModelWhoseBundleIsCorruptedOnDiskIsRefusedLikeEverywhereElse() throws Exception {
    ScoreRequest request = ScoreRequest.newBuilder().addModels(byId(binary2)).setBatch(batch("ACGTA")).build();
    assertEquals(1, scorer.blocking().score(request).getModels(0).getRows());
    assertTrue(scorer.runtime.cache().isLoaded(binary2.id()));
    byte[] good = Files.readAllBytes(binary2.onnxFile());
    byte[] bad = good.clone();
    bad[bad.length / 2] ^= 1;
    Files.write(binary2.onnxFile(), bad);
    assertEquals(Status.Code.FAILED_PRECONDITION, scoreError(request, "differs from the manifest's id"));
    assertFalse(scorer.runtime.cache().isLoaded(binary2.id()), "the corrupt model was closed");
    assertEquals(Status.Code.FAILED_PRECONDITION, scoreError(request, "differs from the manifest's id"));
    Files.write(binary2.onnxFile(), good); // repaired: served again
    assertEquals(1, scorer.blocking().score(request).getModels(0).getRows());
  }

  @Test
  void aFullQueueAnswersResourceExhaustedAndFreesItsSpaceWhenTheWorkEnds() throws Exception {
    loader.gate = new CountDownLatch(1);
    InProcessScorer small = new InProcessScorer(store, SETTINGS.withLimits(1000, 50, 2, 6), loader);
    try {
      ScoreRequest four = ScoreRequest.newBuilder().addModels(byId(regression5))
          .setBatch(batch("ACGT", "ACGTA", "ACGTAC", "ACGTACG")).build();
      var pending = small.async();
      StreamObserver<ScoreResponse> ignore = new StreamObserver<>() {
        @Override
        public void onNext(ScoreResponse value) {}

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onCompleted() {}
      };
      pending.score(four, ignore); // 4 of 6 places, held by the closed gate
      Thread.sleep(300);
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> small.blocking().score(four));
      assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
      assertTrue(e.getStatus().getDescription().contains("queue is full"), e.getStatus().getDescription());
      loader.gate.countDown();
      Thread.sleep(300);
      assertEquals(4, small.blocking().score(four).getModels(0).getRows());
    } finally {
      small.close();
    }
  }

  @Test
  void listServingModelsPagesThroughTheStoreAndMarksLoadedModels() throws Exception {
    FakeModels.add(store, FakeModels.info("zeta", "1", 1, 1, TaskType.TASK_TYPE_BINARY));
    FakeModels.add(store, FakeModels.info("alpha", "1", 1, 1, TaskType.TASK_TYPE_BINARY));
    scorer.blocking().score(ScoreRequest.newBuilder().addModels(byId(binary2)).setBatch(batch("ACGT")).build());
    ListServingModelsResponse page1 = scorer.blocking().listServingModels(ListServingModelsRequest.newBuilder()
        .setPageSize(3).build());
    assertEquals(List.of("alpha", "bin", "reg"), page1.getModelsList().stream()
        .map(m -> m.getModel().getName().getName()).toList());
    assertEquals(List.of(false, true, false), page1.getModelsList().stream().map(m -> m.getLoaded()).toList());
    ListServingModelsResponse page2 = scorer.blocking().listServingModels(ListServingModelsRequest.newBuilder()
        .setPageSize(3).setPageToken(page1.getNextPageToken()).build());
    assertEquals(List.of("zeta"), page2.getModelsList().stream().map(m -> m.getModel().getName().getName()).toList());
    assertEquals("", page2.getNextPageToken());
    ListServingModelsResponse loaded = scorer.blocking().listServingModels(ListServingModelsRequest.newBuilder()
        .setLoadedOnly(true).build());
    assertEquals(1, loaded.getModelsCount());
    assertEquals(binary2.id(), loaded.getModels(0).getModel().getId());
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> scorer.blocking()
        .listServingModels(ListServingModelsRequest.newBuilder().setPageToken("bogus").build()));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    e = assertThrows(StatusRuntimeException.class, () -> scorer.blocking()
        .listServingModels(ListServingModelsRequest.newBuilder().setPageSize(-1).build()));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
  }

  @Test
  void runtimeInfoReportsProviderBatchingAndLoadedModels() {
    scorer.blocking().score(ScoreRequest.newBuilder().addModels(byId(regression5))
        .setBatch(batch("ACGT", "ACGTT", "ACGTTT")).setOptions(ScoreOptions.newBuilder().setBothStrands(true))
        .build());
    GetRuntimeInfoResponse info = scorer.blocking().getRuntimeInfo(GetRuntimeInfoRequest.getDefaultInstance());
    assertEquals(ExecutionProvider.EXECUTION_PROVIDER_CPU, info.getProvider());
    assertFalse(info.getDeviceName().isEmpty());
    assertEquals(64, info.getBatching().getMaxBatchSize());
    assertEquals(1_000_000, info.getBatching().getMaxWait().getNanos());
    assertEquals(1000, info.getBatching().getMaxSequencesPerRequest());
    assertEquals(50, info.getBatching().getMaxSequenceLength());
    assertEquals(2, info.getBatching().getMaxInFlightChunks());
    assertEquals(1, info.getIntraOpThreads());
    assertEquals(1, info.getLoadedModelsCount());
    assertEquals(regression5.id(), info.getLoadedModels(0).getModelId());
    assertEquals(6, info.getLoadedModels(0).getSequencesScored(), "3 sequences x 2 strands");
    assertEquals(1.0, scorer.registry.get("seqbind.scorer.provider").tag("provider", "cpu").gauge().value());
    assertEquals(6.0, scorer.registry.get("seqbind.scorer.sequences.scored").counter().count());
  }
}
