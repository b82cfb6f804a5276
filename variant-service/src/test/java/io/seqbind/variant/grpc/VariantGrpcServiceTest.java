package io.seqbind.variant.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.BoolValue;
import com.google.protobuf.FloatValue;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.seqbind.core.testing.Responses;
import io.seqbind.proto.v1.ErrorReason;
import io.seqbind.proto.v1.ExtractMotifsRequest;
import io.seqbind.proto.v1.ExtractMotifsResponse;
import io.seqbind.proto.v1.FilterMotif;
import io.seqbind.proto.v1.GenomicRegion;
import io.seqbind.proto.v1.GetMutationMapRequest;
import io.seqbind.proto.v1.GetMutationMapResponse;
import io.seqbind.proto.v1.ModelInfo;
import io.seqbind.proto.v1.ModelName;
import io.seqbind.proto.v1.ModelRef;
import io.seqbind.proto.v1.MutationMap;
import io.seqbind.proto.v1.RefMismatchPolicy;
import io.seqbind.proto.v1.ReferenceRegion;
import io.seqbind.proto.v1.ScoreVariantsHeader;
import io.seqbind.proto.v1.ScoreVariantsRequest;
import io.seqbind.proto.v1.ScoreVariantsResponse;
import io.seqbind.proto.v1.ScoreVcfRequest;
import io.seqbind.proto.v1.ScoreVcfResponse;
import io.seqbind.proto.v1.Sequence;
import io.seqbind.proto.v1.SequenceBatch;
import io.seqbind.proto.v1.StrandMode;
import io.seqbind.proto.v1.VariantChunk;
import io.seqbind.proto.v1.VariantRecord;
import io.seqbind.proto.v1.VariantScoringOptions;
import io.seqbind.proto.v1.VariantServiceGrpc;
import io.seqbind.variant.motifs.FirstLayerFilters;
import io.seqbind.variant.mutmap.MutationMapper;
import io.seqbind.variant.scoring.ScoringModel;
import io.seqbind.variant.scoring.WindowScorer;
import io.seqbind.variant.testing.Fixture;
import io.seqbind.variant.testing.InProcess;
import io.seqbind.variant.testing.SvgDocs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The VariantService over an in-process channel, backed by the in-process PWM scorer. */
class VariantGrpcServiceTest {

  @TempDir
  Path dir;
  Fixture fx;
  InProcess variant;
  VariantServiceGrpc.VariantServiceBlockingStub blocking;
  VariantServiceGrpc.VariantServiceStub async;
  String c1;

  @BeforeEach
  void setUp() throws Exception {
    fx = new Fixture(dir);
    c1 = fx.genome.contigs.get("chr1");
    Map<String, ModelInfo> byId = Map.of(Fixture.BIND_ID, fx.bindInfo, Fixture.REG_ID, fx.regInfo);
    float[][][] w = new float[1][4][2];
    w[0][0][0] = 1;
    w[0][1][1] = 1;
    FirstLayerFilters ac = new FirstLayerFilters(w, new float[] {0});
    VariantGrpcService service = new VariantGrpcService(fx.stub(),
        ref -> ref.hasName() ? (ref.getName().getName().equals("bind") ? fx.bindInfo : null) : byId.get(ref.getId()),
        info -> info.getId().equals(Fixture.BIND_ID) ? ac : null,
        new VariantGrpcService.Settings(2, 7, Duration.ZERO, Duration.ofHours(1), io.seqbind.core.io.DataRoots.any()));
    variant = new InProcess(service.bindService());
    blocking = VariantServiceGrpc.newBlockingStub(variant.channel);
    async = VariantServiceGrpc.newStub(variant.channel);
  }

  @AfterEach
  void tearDown() throws Exception {
    variant.close();
    fx.close();
  }

  private static ModelRef id(String id) {
    return ModelRef.newBuilder().setId(id).build();
  }

  private String base(int pos) {
    return String.valueOf(c1.charAt(pos - 1));
  }

  private String other(int pos) {
    return base(pos).equals("A") ? "C" : "A";
  }

  private Path vcf(String name, String... records) throws Exception {
    StringBuilder s = new StringBuilder("##fileformat=VCFv4.2\n##contig=<ID=chr1,length=300>\n"
        + "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n");
    for (String r : records) {
      s.append(r).append('\n');
    }
    Path p = dir.resolve(name);
    Files.writeString(p, s);
    return p;
  }

  private String rec(int pos, String id, String ref, String alt) {
    return "chr1\t" + pos + "\t" + id + "\t" + ref + "\t" + alt + "\t.\tPASS\t.";
  }

  private ScoreVcfRequest vcfRequest(Path vcf, RefMismatchPolicy policy) {
    return ScoreVcfRequest.newBuilder().setVcfUri(vcf.toString()).setReferenceUri("file://" + fx.genome.fasta)
        .setOptions(VariantScoringOptions.newBuilder().addModels(id(Fixture.BIND_ID)).setRefMismatch(policy))
        .build();
  }

  private static <T> List<T> drain(Iterator<T> it) {
    List<T> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  private static Status.Code code(Runnable r) {
    return assertThrows(StatusRuntimeException.class, r::run).getStatus().getCode();
  }

  private static StatusRuntimeException failure(Runnable r) {
    return assertThrows(StatusRuntimeException.class, r::run);
  }

  @Test
  void scoreVcfStreamsEffectsSkipsProgressAndASummaryInFileOrder() throws Exception {
    Path vcf = vcf("ok.vcf",
        rec(2, "edge", base(2), other(2)),
        rec(50, "snv", base(50), other(50)),
        rec(90, "multi", base(90), "<DEL>," + other(90)),
        rec(250, "late", base(250), other(250)));
    List<ScoreVcfResponse> out = drain(blocking.scoreVcf(vcfRequest(vcf,
        RefMismatchPolicy.REF_MISMATCH_POLICY_UNSPECIFIED)));
    List<ScoreVcfResponse> results = out.stream().filter(r -> r.hasEffect() || r.hasSkipped()).toList();
    assertEquals(5, results.size());
    assertEquals(ErrorReason.ERROR_REASON_OUT_OF_RANGE, results.get(0).getSkipped().getError().getReason());
    assertEquals(0, results.get(0).getSkipped().getError().getIndex());
    assertEquals("snv", results.get(1).getEffect().getRecord().getId());
    float expected = fx.pwmScore(c1.substring(39, 49) + other(50) + c1.substring(50, 60))
        - fx.pwmScore(c1.substring(39, 60));
    assertEquals(expected, results.get(1).getEffect().getModels(0).getTasks(0).getDelta(), 1e-5);
    assertEquals(ErrorReason.ERROR_REASON_UNSUPPORTED_ALLELE, results.get(2).getSkipped().getError().getReason());
    assertEquals(1, results.get(3).getEffect().getAltIndex());
    assertEquals(3, results.get(4).getEffect().getIndex());
    assertTrue(out.stream().anyMatch(ScoreVcfResponse::hasProgress));
    ScoreVcfResponse last = out.get(out.size() - 1);
    assertTrue(last.hasSummary());
    assertEquals(4, last.getSummary().getRecordsRead());
    assertEquals(3, last.getSummary().getAllelesScored());
    assertEquals(2, last.getSummary().getSkipped());
    assertEquals(1L, last.getSummary().getSkippedByReasonMap().get("ERROR_REASON_UNSUPPORTED_ALLELE"));
  }

  @Test
  void scoreVcfBadInputGetsStatusesNamingWhatIsWrong() throws Exception {
    Path bad = vcf("bad.vcf", rec(50, "snv", base(50), other(50)), "chr1\tfifty\tx\tA\tC\t.\tPASS\t.");
    StatusRuntimeException parse = failure(() -> drain(blocking.scoreVcf(vcfRequest(bad,
        RefMismatchPolicy.REF_MISMATCH_POLICY_ERROR))));
    assertEquals(Status.Code.INVALID_ARGUMENT, parse.getStatus().getCode());
    assertTrue(parse.getStatus().getDescription().startsWith(bad + ":5: cannot parse VCF record"),
        parse.getStatus().getDescription());

    Path mismatch = vcf("mismatch.vcf", rec(60, "wrong", other(60), base(60)));
    StatusRuntimeException ref = failure(() -> drain(blocking.scoreVcf(vcfRequest(mismatch,
        RefMismatchPolicy.REF_MISMATCH_POLICY_ERROR))));
    assertEquals(Status.Code.INVALID_ARGUMENT, ref.getStatus().getCode());
    assertTrue(ref.getStatus().getDescription().startsWith(mismatch + ":4: chr1:60 (wrong): REF"));
    // WARN scores it with a warning.
    List<ScoreVcfResponse> warned = drain(blocking.scoreVcf(vcfRequest(mismatch,
        RefMismatchPolicy.REF_MISMATCH_POLICY_WARN)));
    assertEquals(1, warned.stream().filter(ScoreVcfResponse::hasEffect).findFirst().orElseThrow().getEffect()
        .getWarningsCount());

    Path ok = vcf("ok.vcf", rec(50, "snv", base(50), other(50)));
    assertEquals(Status.Code.NOT_FOUND, code(() -> drain(blocking.scoreVcf(vcfRequest(ok,
        RefMismatchPolicy.REF_MISMATCH_POLICY_ERROR).toBuilder().setVcfUri(dir.resolve("missing.vcf").toString())
        .build()))));
    StatusRuntimeException relative = failure(() -> drain(blocking.scoreVcf(vcfRequest(ok,
        RefMismatchPolicy.REF_MISMATCH_POLICY_ERROR).toBuilder().setVcfUri("data/ok.vcf").build())));
    assertEquals(Status.Code.INVALID_ARGUMENT, relative.getStatus().getCode());
    assertEquals("vcf_uri 'data/ok.vcf' is relative, expected an absolute server path or a file:// URI",
        relative.getStatus().getDescription());
    ScoreVcfRequest unknownModel = vcfRequest(ok, RefMismatchPolicy.REF_MISMATCH_POLICY_ERROR).toBuilder()
        .setOptions(VariantScoringOptions.newBuilder().addModels(id("f".repeat(64)))).build();
    StatusRuntimeException noModel = failure(() -> drain(blocking.scoreVcf(unknownModel)));
    assertEquals(Status.Code.NOT_FOUND, noModel.getStatus().getCode());
    assertEquals("options.models[0]: no model " + "f".repeat(64) + " in the store",
        noModel.getStatus().getDescription());
    ScoreVcfRequest noModels = vcfRequest(ok, RefMismatchPolicy.REF_MISMATCH_POLICY_ERROR).toBuilder()
        .setOptions(VariantScoringOptions.getDefaultInstance()).build();
    assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> drain(blocking.scoreVcf(noModels))));
    ScoreVcfRequest tooShort = vcfRequest(ok, RefMismatchPolicy.REF_MISMATCH_POLICY_ERROR).toBuilder()
        .setOptions(VariantScoringOptions.newBuilder().addModels(id(Fixture.BIND_ID))
            .setWindowLength(com.google.protobuf.Int32Value.of(4))).build();
    assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> drain(blocking.scoreVcf(tooShort))));
    ScoreVcfRequest region = vcfRequest(ok, RefMismatchPolicy.REF_MISMATCH_POLICY_ERROR).toBuilder()
        .setRegion(GenomicRegion.newBuilder().setChrom("chr1").setStart(1).setEnd(100)).build();
    assertEquals(Status.Code.FAILED_PRECONDITION, code(() -> drain(blocking.scoreVcf(region))));
    ScoreVcfRequest otherContig = region.toBuilder().setRegion(GenomicRegion.newBuilder().setChrom("chr9")).build();
    assertEquals(Status.Code.NOT_FOUND, code(() -> drain(blocking.scoreVcf(otherContig))));
    Files.delete(Path.of(fx.genome.fasta + ".fai"));
    assertEquals(Status.Code.FAILED_PRECONDITION, code(() -> drain(blocking.scoreVcf(vcfRequest(ok,
        RefMismatchPolicy.REF_MISMATCH_POLICY_ERROR)))));
  }

  /** Sends the requests on the bidirectional stream and collects the answer. */
  private Responses<ScoreVariantsRequest, ScoreVariantsResponse> scoreVariants(ScoreVariantsRequest... requests)
      throws Exception {
    Responses<ScoreVariantsRequest, ScoreVariantsResponse> result = new Responses<>();
    StreamObserver<ScoreVariantsRequest> in = async.scoreVariants(result);
    for (ScoreVariantsRequest r : requests) {
      in.onNext(r);
    }
    in.onCompleted();
    assertTrue(result.done.await(20, TimeUnit.SECONDS));
    return result;
  }

  private ScoreVariantsRequest header() {
    return ScoreVariantsRequest.newBuilder().setHeader(ScoreVariantsHeader.newBuilder()
        .setReferenceUri(fx.genome.fasta.toString())
        .setOptions(VariantScoringOptions.newBuilder().addModels(ModelRef.newBuilder()
            .setName(ModelName.newBuilder().setName("bind"))).addModels(id(Fixture.REG_ID))
            .setStrand(StrandMode.STRAND_MODE_BOTH))).build();
  }

  private static ScoreVariantsRequest chunk(VariantRecord... records) {
    return ScoreVariantsRequest.newBuilder().setChunk(VariantChunk.newBuilder().addAllRecords(List.of(records)))
        .build();
  }

  private VariantRecord record(int pos, String ref, String... alts) {
    return VariantRecord.newBuilder().setChrom("chr1").setPos(pos).setRef(ref).addAllAlt(List.of(alts)).build();
  }

  @Test
  void scoreVariantsCountsRecordsAcrossChunksAndSkipsMalformedOnes() throws Exception {
    Responses<ScoreVariantsRequest, ScoreVariantsResponse> r = scoreVariants(header(),
        chunk(record(100, base(100), other(100)), record(0, "A", "C")),
        chunk(record(150, base(150), "X1"), record(200, base(200), other(200), "<INS>")));
    assertNull(r.error);
    List<ScoreVariantsResponse> results = r.messages.stream().filter(m -> m.hasEffect() || m.hasSkipped()).toList();
    assertEquals(5, results.size());
    assertEquals(0, results.get(0).getEffect().getIndex());
    assertEquals(2, results.get(0).getEffect().getModelsCount());
    assertTrue(results.get(0).getEffect().getModels(0).getTasks(0).hasForward());
    assertEquals(ErrorReason.ERROR_REASON_MALFORMED_RECORD, results.get(1).getSkipped().getError().getReason());
    assertEquals(1, results.get(1).getSkipped().getError().getIndex());
    assertEquals(ErrorReason.ERROR_REASON_MALFORMED_RECORD, results.get(2).getSkipped().getError().getReason());
    assertEquals(2, results.get(2).getSkipped().getError().getIndex());
    assertEquals(3, results.get(3).getEffect().getIndex());
    assertEquals(ErrorReason.ERROR_REASON_UNSUPPORTED_ALLELE, results.get(4).getSkipped().getError().getReason());
    float expected = fx.pwmScore(c1.substring(189, 199) + other(200) + c1.substring(200, 210))
        - fx.pwmScore(c1.substring(189, 210));
    assertEquals(expected, results.get(3).getEffect().getModels(0).getTasks(0).getDelta(), 1e-5);
    ScoreVariantsResponse last = r.messages.get(r.messages.size() - 1);
    assertEquals(4, last.getSummary().getRecordsRead());
    assertEquals(2, last.getSummary().getAllelesScored());
  }

  @Test
  void scoreVariantsRefusesAStreamWithoutAHeaderFirstOrWithTwo() throws Exception {
    Responses<ScoreVariantsRequest, ScoreVariantsResponse> noHeader = scoreVariants(chunk(record(100, base(100), other(100))));
    assertEquals(Status.Code.INVALID_ARGUMENT, Status.fromThrowable(noHeader.error).getCode());
    Responses<ScoreVariantsRequest, ScoreVariantsResponse> twice = scoreVariants(header(), header());
    assertEquals(Status.Code.INVALID_ARGUMENT, Status.fromThrowable(twice.error).getCode());
    assertTrue(Status.fromThrowable(twice.error).getDescription().contains("second header"));
    Responses<ScoreVariantsRequest, ScoreVariantsResponse> mismatch = scoreVariants(header(), chunk(record(100, other(100), base(100))));
    assertEquals(Status.Code.INVALID_ARGUMENT, Status.fromThrowable(mismatch.error).getCode());
    assertTrue(Status.fromThrowable(mismatch.error).getDescription().startsWith("record 0: chr1:100: REF"));
    assertFalse(mismatch.messages.stream().anyMatch(ScoreVariantsResponse::hasSummary));
  }

  @Test
  void getMutationMapForASequenceAndARegion() throws Exception {
    String seq = c1.substring(20, 45);
    GetMutationMapResponse r = blocking.getMutationMap(GetMutationMapRequest.newBuilder().setModel(id(Fixture.REG_ID))
        .setSequence(Sequence.newBuilder().setId("s").setBases(seq.toLowerCase())).addTasks("pwm").setRenderSvg(true)
        .build());
    assertEquals(Fixture.REG_ID, r.getModelId());
    assertEquals(seq, r.getSequence().getBases());
    assertEquals(1, r.getMapsCount());
    MutationMap direct = new MutationMapper(new WindowScorer(fx.stub())).map(ScoringModel.anyLength(fx.regInfo), seq,
        List.of(0), StrandMode.STRAND_MODE_MODEL).get(0);
    assertEquals(direct.getDeltasList(), r.getMaps(0).getDeltasList());
    assertEquals(25, SvgDocs.count(SvgDocs.parse(r.getMaps(0).getSvg()), "text", "letter"));

    GetMutationMapResponse region = blocking.getMutationMap(GetMutationMapRequest.newBuilder()
        .setModel(id(Fixture.REG_ID)).setRegion(ReferenceRegion.newBuilder().setReferenceUri(fx.genome.fasta.toString())
            .setRegion(GenomicRegion.newBuilder().setChrom("chr1").setStart(21).setEnd(45))).build());
    assertEquals("chr1:21-45", region.getSequence().getId());
    assertEquals(seq, region.getSequence().getBases());
    assertEquals(2, region.getMapsCount());
    assertEquals(direct.getDeltasList(), region.getMaps(0).getDeltasList());
    assertEquals("", region.getMaps(0).getSvg());
  }

  @Test
  void getMutationMapBadRequests() {
    GetMutationMapRequest base = GetMutationMapRequest.newBuilder().setModel(id(Fixture.REG_ID))
        .setSequence(Sequence.newBuilder().setBases("ACGTACGTAC")).build();
    assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> blocking.getMutationMap(base.toBuilder().clearSequence()
        .build())));
    StatusRuntimeException task = failure(() -> blocking.getMutationMap(base.toBuilder().addTasks("nope").build()));
    assertEquals("unknown task 'nope', expected one of [pwm, g_count]", task.getStatus().getDescription());
    StatusRuntimeException bad = failure(() -> blocking.getMutationMap(base.toBuilder()
        .setSequence(Sequence.newBuilder().setId("q").setBases("ACGT-ACGT")).build()));
    assertEquals(Status.Code.INVALID_ARGUMENT, bad.getStatus().getCode());
    assertEquals("sequence 'q' position 5 holds '-', expected A, C, G, T/U, N or an IUPAC code",
        bad.getStatus().getDescription());
    assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> blocking.getMutationMap(base.toBuilder()
        .setSequence(Sequence.newBuilder().setBases("ACG")).build())));
    assertEquals(Status.Code.NOT_FOUND, code(() -> blocking.getMutationMap(base.toBuilder().setModel(id("0".repeat(64)))
        .build())));
    ReferenceRegion.Builder region = ReferenceRegion.newBuilder().setReferenceUri(fx.genome.fasta.toString());
    assertEquals(Status.Code.OUT_OF_RANGE, code(() -> blocking.getMutationMap(base.toBuilder().setRegion(region
        .setRegion(GenomicRegion.newBuilder().setChrom("chr1").setStart(290).setEnd(310))).build())));
    assertEquals(Status.Code.NOT_FOUND, code(() -> blocking.getMutationMap(base.toBuilder().setRegion(region
        .setRegion(GenomicRegion.newBuilder().setChrom("chrZ").setStart(1).setEnd(10))).build())));
  }

  @Test
  void extractMotifsStreamsProgressMotifsAndASummaryWithPerSequenceErrors() throws Exception {
    ExtractMotifsRequest request = ExtractMotifsRequest.newBuilder().setModel(id(Fixture.BIND_ID))
        .setBatch(SequenceBatch.newBuilder()
            .addSequences(Sequence.newBuilder().setId("one").setBases("AACGT"))
            .addSequences(Sequence.newBuilder().setId("bad").setBases("AC#GT"))
            .addSequences(Sequence.newBuilder().setId("short").setBases("A"))
            .addSequences(Sequence.newBuilder().setId("two").setBases("TACAC")))
        .setBothStrands(BoolValue.of(false)).setAllSites(true).setMeme(true).setRenderSvg(true).build();
    List<ExtractMotifsResponse> out = drain(blocking.extractMotifs(request));
    assertTrue(out.get(0).hasProgress());
    assertEquals(2, out.get(0).getProgress().getSequencesTotal().getValue());
    FilterMotif motif = out.stream().filter(ExtractMotifsResponse::hasMotif).findFirst().orElseThrow().getMotif();
    assertEquals(4, motif.getSites());
    assertEquals(List.of(1f, 0.25f, 0f, 0.75f, 0f, 0f, 0f, 0f), motif.getFrequenciesList());
    assertEquals(2f + 1.188722f, motif.getTotalInformationContent(), 1e-5);
    assertNotNull(SvgDocs.parse(motif.getSvg()));
    ExtractMotifsResponse last = out.get(out.size() - 1);
    assertEquals(2, last.getSummary().getSequences());
    assertEquals(2, last.getSummary().getErrorsCount());
    assertEquals(ErrorReason.ERROR_REASON_INVALID_CHARACTER, last.getSummary().getErrors(0).getReason());
    assertEquals(1, last.getSummary().getErrors(0).getIndex());
    assertEquals(ErrorReason.ERROR_REASON_TOO_SHORT, last.getSummary().getErrors(1).getReason());
    assertTrue(last.getSummary().getMeme().startsWith("MEME version 4"));
  }

  @Test
  void extractMotifsFromAFastaFileAndItsBadPaths() throws Exception {
    Path fasta = dir.resolve("seqs.fa");
    Files.writeString(fasta, ">a\nAACGT\n>b\nTACAC\n");
    ExtractMotifsRequest request = ExtractMotifsRequest.newBuilder().setModel(id(Fixture.BIND_ID))
        .setFastaUri(fasta.toString()).setBothStrands(BoolValue.of(false)).build();
    List<ExtractMotifsResponse> out = drain(blocking.extractMotifs(request));
    assertEquals(2, out.stream().filter(ExtractMotifsResponse::hasMotif).findFirst().orElseThrow().getMotif()
        .getSites());

    Path broken = dir.resolve("broken.fa");
    Files.writeString(broken, ">a\nAACGT\n>b\nTA!AC\n");
    StatusRuntimeException e = failure(() -> drain(blocking.extractMotifs(request.toBuilder()
        .setFastaUri(broken.toString()).build())));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    assertTrue(e.getStatus().getDescription().startsWith(broken + ":4"), e.getStatus().getDescription());
    assertEquals(Status.Code.NOT_FOUND, code(() -> drain(blocking.extractMotifs(request.toBuilder()
        .setFastaUri(dir.resolve("none.fa").toString()).build()))));
    assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> drain(blocking.extractMotifs(request.toBuilder()
        .setThresholdFraction(FloatValue.of(0f)).build()))));
    StatusRuntimeException notConv = failure(() -> drain(blocking.extractMotifs(request.toBuilder()
        .setModel(id(Fixture.REG_ID)).build())));
    assertEquals(Status.Code.INVALID_ARGUMENT, notConv.getStatus().getCode());
    assertTrue(notConv.getStatus().getDescription().contains("first layer is not a convolution"));
    assertEquals(Status.Code.INVALID_ARGUMENT, code(() -> drain(blocking.extractMotifs(request.toBuilder()
        .setBatch(SequenceBatch.newBuilder().addSequences(Sequence.newBuilder().setBases("A"))).build()))));
  }
}
