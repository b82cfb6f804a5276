package io.seqbind.variant.grpc;

import com.google.protobuf.Int64Value;
import io.grpc.BindableService;
import io.grpc.Context;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.seqbind.core.concurrent.DaemonThreads;
import io.seqbind.core.grpc.PacedStream;
import io.seqbind.core.grpc.StatusMapping;
import io.seqbind.core.io.DataRoots;
import io.seqbind.proto.v1.ExtractMotifsRequest;
import io.seqbind.proto.v1.ExtractMotifsResponse;
import io.seqbind.proto.v1.GetMutationMapRequest;
import io.seqbind.proto.v1.GetMutationMapResponse;
import io.seqbind.proto.v1.ModelInfo;
import io.seqbind.proto.v1.ModelRef;
import io.seqbind.proto.v1.MotifProgress;
import io.seqbind.proto.v1.MotifSummary;
import io.seqbind.proto.v1.MutationMap;
import io.seqbind.proto.v1.ScoreVariantsRequest;
import io.seqbind.proto.v1.ScoreVariantsResponse;
import io.seqbind.proto.v1.ScoreVcfRequest;
import io.seqbind.proto.v1.ScoreVcfResponse;
import io.seqbind.proto.v1.ScorerServiceGrpc.ScorerServiceBlockingStub;
import io.seqbind.proto.v1.Sequence;
import io.seqbind.proto.v1.VariantServiceGrpc;
import io.seqbind.variant.effects.AlleleResult;
import io.seqbind.variant.effects.EffectOptions;
import io.seqbind.variant.effects.EffectSession;
import io.seqbind.variant.effects.EffectTally;
import io.seqbind.variant.effects.VcfScoring;
import io.seqbind.variant.effects.VcfSource;
import io.seqbind.variant.motifs.FirstLayerFilters;
import io.seqbind.variant.motifs.MemeFormat;
import io.seqbind.variant.motifs.Motif;
import io.seqbind.variant.motifs.MotifExtractor;
import io.seqbind.variant.mutmap.MutationMapper;
import io.seqbind.variant.render.MutationMapSvg;
import io.seqbind.variant.scoring.ScoringModel;
import io.seqbind.variant.scoring.WindowScorer;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * The VariantService over gRPC, and nothing else: each method turns its request into calls of the plain
 * classes ({@link VariantRequests}, {@link VcfScoring}, {@link ScoreVariantsSession}, {@link MutationMapTargets},
 * {@link MutationMapper}, {@link MotifInputs}, {@link MotifExtractor}), their results into messages, and their
 * exceptions into statuses ({@link #STATUSES}).
 *
 * <p>It implements the generated AsyncService rather than extending the ImplBase: as an ImplBase subclass,
 * the packaged service ran ScoreVcf on the event loop despite the class-level @Blocking (VariantScoresThrough
 * TheScorerIT failed); implementing the interface, Quarkus finds the methods and their @Blocking here.
 * It is the Quarkus bean itself ({@code io.seqbind.variant.quarkus.VariantBeans} produces its arguments
 * from configuration); the CLI's in-process server builds it with {@code new}. @Blocking: every call waits
 * on the scorer and on files; on the event loop, Quarkus refuses the blocking scorer calls outright.
 *
 * <p>Flow control: ScoreVcf and ScoreVariants answer from a thread of their own ({@link #streams}) through a
 * {@link PacedStream}, which sends only while the call is ready; a client that stops reading stops the scoring
 * (and ScoreVariants stops reading its requests) instead of making gRPC buffer every answer in this server's
 * memory. The call's own thread (gRPC's, or Quarkus's worker under @Blocking) returns at once, so it is free to
 * deliver the onReady and onCancel callbacks that wake or stop the producer.
 */
@GrpcService
@Singleton
@Blocking
public class VariantGrpcService implements VariantServiceGrpc.AsyncService, BindableService {

  /** Exceptions of the plain classes as statuses: the shared rules plus the VCF index a region needs. */
  static final StatusMapping STATUSES = StatusMapping.forService("the variant service")
      .map(VcfSource.MissingIndexException.class, Status.Code.FAILED_PRECONDITION)
      .build();

  /**
   * Tunables.
   *
   * @param chunkSize        records per scoring chunk
   * @param maxBatch         sequences x models per scorer request (models of one window length share a request)
   * @param progressInterval least time between progress messages (variant.proto says about 2 s)
   * @param stallTimeout     longest a ScoreVcf or ScoreVariants answer waits for a client that reads nothing; then
   *                         the call ends with DEADLINE_EXCEEDED and its thread is free ({@link PacedStream})
   * @param dataRoots        where request paths may point
   */
  public record Settings(int chunkSize, int maxBatch, Duration progressInterval, Duration stallTimeout,
      DataRoots dataRoots) {

    public static Settings defaults() {
      return new Settings(EffectSession.DEFAULT_CHUNK, WindowScorer.DEFAULT_MAX_BATCH, Duration.ofSeconds(2),
          PacedStream.DEFAULT_MAX_STALL, DataRoots.any());
    }

    public Settings withDataRoots(DataRoots roots) {
      return new Settings(chunkSize, maxBatch, progressInterval, stallTimeout, roots);
    }
  }

  private final WindowScorer scorer;
  private final Settings settings;
  private final VariantRequests requests;
  private final MutationMapTargets targets;
  private final MotifInputs motifInputs;
  /**
   * Where the streaming calls produce their answers, a thread per call while it runs (as a blocking handler
   * had): their own threads, so that they can wait for a slow reader (PacedStream) without blocking the call's
   * executor.
   */
  private final Executor streams;

  @Inject
  public VariantGrpcService(ScorerServiceBlockingStub scorer, VariantModels models, Settings settings) {
    this(scorer, models, settings, Executors.newCachedThreadPool(DaemonThreads.named("variant-stream")));
  }

  /** @param streams runs ScoreVcf and ScoreVariants calls (a thread each while they run) */
  public VariantGrpcService(ScorerServiceBlockingStub scorer, VariantModels models, Settings settings,
      Executor streams) {
    this.streams = streams;
    this.scorer = new WindowScorer(scorer, settings.maxBatch());
    this.settings = settings;
    this.requests = new VariantRequests(models, new DataPaths(settings.dataRoots()));
    this.targets = new MutationMapTargets(requests);
    this.motifInputs = new MotifInputs(requests);
  }

  /**
   * @param models  the model store lookup: returns null or throws NoSuchElementException for an unknown
   *     model (NOT_FOUND)
   * @param filters a model's first-layer convolution; null when the first layer is not a convolution
   *     (INVALID_ARGUMENT)
   */
  public VariantGrpcService(ScorerServiceBlockingStub scorer, Function<ModelRef, ModelInfo> models,
      Function<ModelInfo, FirstLayerFilters> filters, Settings settings) {
    this(scorer, VariantModels.of(models, filters), settings);
  }

  public VariantGrpcService(ScorerServiceBlockingStub scorer, Function<ModelRef, ModelInfo> models,
      Function<ModelInfo, FirstLayerFilters> filters) {
    this(scorer, models, filters, Settings.defaults());
  }

  @Override
  public ServerServiceDefinition bindService() {
    return VariantServiceGrpc.bindService(this);
  }

  /**
   * Runs on {@link #streams}, not on the call's thread: the effects loop waits in {@link PacedStream#send} while
   * the client is not reading, and the wake-up (gRPC's onReady) runs on the call's thread, which must be free.
   */
  @Override
  public void scoreVcf(ScoreVcfRequest request, StreamObserver<ScoreVcfResponse> responses) {
    PacedStream<ScoreVcfResponse> out = PacedStream.of(responses, settings.stallTimeout());
    Context.current().fixedContextExecutor(streams).execute(() -> respond(out, () -> {
      EffectOptions options = requests.options(request.getOptions());
      Path vcf = requests.file(request.getVcfUri(), "vcf_uri");
      Path reference = requests.reference(request.getReferenceUri(), "reference_uri");
      ProgressThrottle progress = new ProgressThrottle(settings.progressInterval());
      try (VcfScoring scoring = VcfScoring.open(scorer, settings.chunkSize(), vcf,
          request.hasRegion() ? request.getRegion() : null, reference, options)) {
        EffectTally tally = scoring.score(r -> {
          cancelled(out);
          for (AlleleResult a : r.alleles()) {
            out.send(a.scored() ? ScoreVcfResponse.newBuilder().setEffect(a.effect()).build()
                : ScoreVcfResponse.newBuilder().setSkipped(a.skipped()).build());
          }
        }, t -> progress.maybe(() -> out.send(ScoreVcfResponse.newBuilder().setProgress(t.progress()).build())));
        out.send(ScoreVcfResponse.newBuilder().setSummary(tally.summary()).build());
      }
    }));
  }

  /** Reads and answers on {@link #streams} too, one message at a time ({@link ScoreVariantsStream}). */
  @Override
  public StreamObserver<ScoreVariantsRequest> scoreVariants(StreamObserver<ScoreVariantsResponse> responses) {
    PacedStream<ScoreVariantsResponse> out = PacedStream.of(responses, settings.stallTimeout());
    ScoreVariantsSession session = new ScoreVariantsSession(scorer, requests, settings.chunkSize(),
        settings.progressInterval(), out::send);
    return ScoreVariantsStream.start((ServerCallStreamObserver<ScoreVariantsResponse>) responses, out, session,
        Context.current().fixedContextExecutor(streams), STATUSES);
  }

  @Override
  public void getMutationMap(GetMutationMapRequest request, StreamObserver<GetMutationMapResponse> out) {
    respond(out, () -> {
      ScoringModel model = ScoringModel.anyLength(requests.requiredModel(request.hasModel(), request.getModel()));
      Sequence target = targets.target(request);
      List<Integer> tasks = MutationMapTargets.tasks(request.getTasksList(), model.taskNames());
      List<MutationMap> maps = new MutationMapper(scorer).map(model, target.getBases(), tasks, request.getStrand());
      GetMutationMapResponse.Builder response = GetMutationMapResponse.newBuilder()
          .setModelId(model.id()).setSequence(target);
      for (MutationMap m : maps) {
        response.addMaps(request.getRenderSvg()
            ? m.toBuilder().setSvg(MutationMapSvg.render(target.getBases(), m)).build() : m);
      }
      out.onNext(response.build());
    });
  }

  @Override
  public void extractMotifs(ExtractMotifsRequest request, StreamObserver<ExtractMotifsResponse> out) {
    respond(out, () -> {
      ModelInfo info = requests.requiredModel(request.hasModel(), request.getModel());
      FirstLayerFilters conv = requests.firstLayer(info);
      double threshold = MotifInputs.threshold(request);
      MotifInputs.Checked sequences = motifInputs.sequences(request, conv.width());
      int total = sequences.usable().size();
      boolean bothStrands = request.hasBothStrands() ? request.getBothStrands().getValue()
          : ScoringModel.anyLength(info).strandAware();
      out.onNext(motifProgress(0, total));
      ProgressThrottle progress = new ProgressThrottle(settings.progressInterval());
      List<Motif> motifs = MotifExtractor.extract(conv, sequences.usable(), threshold, request.getAllSites(),
          bothStrands, done -> progress.maybe(() -> out.onNext(motifProgress(done, total))));
      for (Motif m : motifs) {
        out.onNext(ExtractMotifsResponse.newBuilder().setMotif(MotifProtos.of(m, request.getRenderSvg())).build());
      }
      MotifSummary.Builder summary = MotifSummary.newBuilder().setModelId(info.getId()).setSequences(total)
          .setFilters(motifs.size()).addAllErrors(sequences.errors());
      if (request.getMeme()) {
        summary.setMeme(MemeFormat.write(motifs));
      }
      out.onNext(ExtractMotifsResponse.newBuilder().setSummary(summary).build());
    });
  }

  /** The work of one call that answers in one go: done is OK, any exception its status. */
  @FunctionalInterface
  private interface Work {
    void run() throws Exception;
  }

  private static void respond(StreamObserver<?> out, Work work) {
    try {
      work.run();
      out.onCompleted();
    } catch (Exception e) {
      out.onError(STATUSES.of(e));
    }
  }

  /** As above, for a stream sent from a thread of {@link #streams}. */
  private static void respond(PacedStream<?> out, Work work) {
    try {
      work.run();
      out.complete();
    } catch (Exception e) {
      out.fail(STATUSES.of(e));
    }
  }

  private static ExtractMotifsResponse motifProgress(long done, long total) {
    return ExtractMotifsResponse.newBuilder().setProgress(MotifProgress.newBuilder().setSequencesDone(done)
        .setSequencesTotal(Int64Value.of(total))).build();
  }

  private static void cancelled(PacedStream<?> out) {
    if (out.isCancelled()) {
      throw Status.CANCELLED.withDescription("the client cancelled the call").asRuntimeException();
    }
  }
}
