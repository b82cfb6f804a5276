package io.seqbind.variant.grpc;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.seqbind.core.io.DataRoots;
import io.seqbind.core.io.FastaReader;
import io.seqbind.core.io.FastaRecord;
import io.seqbind.core.io.ReferenceGenome;
import io.seqbind.core.seq.Bases;
import io.seqbind.core.io.Quoted;
import io.seqbind.proto.v1.ErrorReason;
import io.seqbind.proto.v1.ExtractMotifsRequest;
import io.seqbind.proto.v1.ExtractMotifsResponse;
import io.seqbind.proto.v1.FilterMotif;
import io.seqbind.proto.v1.GenomicRegion;
import io.seqbind.proto.v1.GetMutationMapRequest;
import io.seqbind.proto.v1.GetMutationMapResponse;
import io.seqbind.proto.v1.ItemError;
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
import io.seqbind.proto.v1.VariantRecord;
import io.seqbind.proto.v1.VariantScoringOptions;
import io.seqbind.proto.v1.VariantServiceGrpc;
import io.seqbind.variant.effects.AlleleResult;
import io.seqbind.variant.effects.EffectEngine;
import io.seqbind.variant.effects.EffectOptions;
import io.seqbind.variant.effects.EffectRunner;
import io.seqbind.variant.effects.EffectTally;
import io.seqbind.variant.effects.RecordResult;
import io.seqbind.variant.effects.VariantInput;
import io.seqbind.variant.effects.VcfSource;
import io.seqbind.variant.motifs.FirstLayerFilters;
import io.seqbind.variant.motifs.MemeFormat;
import io.seqbind.variant.motifs.Motif;
import io.seqbind.variant.motifs.MotifExtractor;
import io.seqbind.variant.mutmap.MutationMapper;
import io.seqbind.variant.render.LogoSvg;
import io.seqbind.variant.render.MutationMapSvg;
import io.seqbind.variant.scoring.ScoringModel;
import io.seqbind.variant.scoring.WindowScorer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * The VariantService over gRPC, kept thin: it checks requests, resolves models and paths, runs the plain
 * classes ({@link EffectRunner}, {@link MutationMapper}, {@link MotifExtractor}) and maps their results
 * and exceptions to messages and statuses (see {@link Statuses}). Not a CDI bean: the Quarkus wiring (or
 * the CLI's in-process server) constructs it with the scorer stub and the model lookups.
 */
public class VariantGrpcService extends VariantServiceGrpc.VariantServiceImplBase {

  /** Largest sequence GetMutationMap maps (variant.proto). */
  public static final int MAX_MUTATION_MAP_LENGTH = 10_000;

  /**
   * Tunables.
   *
   * @param chunkSize        records per scoring chunk
   * @param maxBatch         sequences per scorer request
   * @param progressInterval least time between progress messages (variant.proto says about 2 s)
   * @param dataRoots        where request paths may point
   */
  public record Settings(int chunkSize, int maxBatch, Duration progressInterval, DataRoots dataRoots) {

    public static Settings defaults() {
      return new Settings(EffectRunner.DEFAULT_CHUNK, WindowScorer.DEFAULT_MAX_BATCH, Duration.ofSeconds(2),
          DataRoots.any());
    }
  }

  private final WindowScorer scorer;
  private final Function<ModelRef, ModelInfo> models;
  private final Function<ModelInfo, FirstLayerFilters> filters;
  private final Settings settings;
  private final DataPaths paths;

  /**
   * @param models  the model store lookup: returns null or throws NoSuchElementException for an unknown
   *     model (NOT_FOUND)
   * @param filters a model's first-layer convolution; null or IllegalArgumentException when the first
   *     layer is not a convolution (INVALID_ARGUMENT)
   */
  public VariantGrpcService(ScorerServiceBlockingStub scorer, Function<ModelRef, ModelInfo> models,
      Function<ModelInfo, FirstLayerFilters> filters, Settings settings) {
    this.scorer = new WindowScorer(scorer, settings.maxBatch());
    this.models = models;
    this.filters = filters;
    this.settings = settings;
    this.paths = new DataPaths(settings.dataRoots());
  }

  public VariantGrpcService(ScorerServiceBlockingStub scorer, Function<ModelRef, ModelInfo> models,
      Function<ModelInfo, FirstLayerFilters> filters) {
    this(scorer, models, filters, Settings.defaults());
  }

  // ---- ScoreVcf -------------------------------------------------------------------------------------------

  @Override
  public void scoreVcf(ScoreVcfRequest request, StreamObserver<ScoreVcfResponse> out) {
    try {
      EffectOptions options = options(request.getOptions());
      Path vcf = paths.resolve(request.getVcfUri(), "vcf_uri");
      Path reference = reference(request.getReferenceUri(), "reference_uri");
      try (ReferenceGenome genome = ReferenceGenome.open(reference);
          VcfSource source = open(vcf, request, genome)) {
        EffectRunner runner = new EffectRunner(new EffectEngine(scorer, genome, options), settings.chunkSize());
        Progress progress = new Progress(settings.progressInterval());
        EffectTally tally = runner.run(source, r -> {
          cancelled(out);
          for (AlleleResult a : r.alleles()) {
            out.onNext(a.scored() ? ScoreVcfResponse.newBuilder().setEffect(a.effect()).build()
                : ScoreVcfResponse.newBuilder().setSkipped(a.skipped()).build());
          }
        }, t -> progress.maybe(() -> out.onNext(ScoreVcfResponse.newBuilder().setProgress(t.progress()).build())));
        out.onNext(ScoreVcfResponse.newBuilder().setSummary(tally.summary()).build());
      }
      out.onCompleted();
    } catch (Exception e) {
      out.onError(Statuses.of(e));
    }
  }

  private VcfSource open(Path vcf, ScoreVcfRequest request, ReferenceGenome genome) {
    if (!request.hasRegion()) {
      return VcfSource.open(vcf);
    }
    GenomicRegion region = request.getRegion();
    long length = genome.contigLength(region.getChrom());
    if (length < 0) {
      throw Status.NOT_FOUND.withDescription("region contig " + Quoted.token(region.getChrom()) + " is not in the reference "
          + genome.file() + ", expected one of " + preview(genome.contigNames())).asRuntimeException();
    }
    if (region.getStart() < 0 || region.getEnd() < 0
        || (region.getEnd() > 0 && region.getEnd() < Math.max(1, region.getStart()))) {
      throw DataPaths.invalid("region " + region.getChrom() + ":" + region.getStart() + "-" + region.getEnd()
          + ", expected 1 <= start <= end (0 for the contig's ends)");
    }
    return VcfSource.query(vcf, region.getChrom(), region.getStart(), region.getEnd());
  }

  // ---- ScoreVariants --------------------------------------------------------------------------------------

  @Override
  public StreamObserver<ScoreVariantsRequest> scoreVariants(StreamObserver<ScoreVariantsResponse> out) {
    return new StreamObserver<>() {
      private EffectEngine engine;
      private ReferenceGenome genome;
      private EffectTally tally;
      private Progress progress;
      private long index;
      private boolean done;

      @Override
      public void onNext(ScoreVariantsRequest request) {
        if (done) {
          return;
        }
        try {
          if (request.hasHeader()) {
            if (engine != null) {
              throw DataPaths.invalid("a second header arrived, expected only chunks after the first message");
            }
            EffectOptions options = options(request.getHeader().getOptions());
            genome = ReferenceGenome.open(reference(request.getHeader().getReferenceUri(), "header.reference_uri"));
            engine = new EffectEngine(scorer, genome, options);
            tally = new EffectTally();
            progress = new Progress(settings.progressInterval());
            return;
          }
          if (engine == null) {
            throw DataPaths.invalid("the first message is not a header, expected a ScoreVariantsHeader first");
          }
          List<VariantRecord> records = request.getChunk().getRecordsList();
          for (int from = 0; from < records.size(); from += settings.chunkSize()) {
            List<VariantInput> chunk = new ArrayList<>();
            for (VariantRecord r : records.subList(from, Math.min(records.size(), from + settings.chunkSize()))) {
              chunk.add(new VariantInput(index, r, false, "record " + index, null));
              index++;
            }
            for (RecordResult r : engine.score(chunk)) {
              tally.add(r);
              for (AlleleResult a : r.alleles()) {
                out.onNext(a.scored() ? ScoreVariantsResponse.newBuilder().setEffect(a.effect()).build()
                    : ScoreVariantsResponse.newBuilder().setSkipped(a.skipped()).build());
              }
            }
          }
          progress.maybe(() -> out.onNext(ScoreVariantsResponse.newBuilder().setProgress(tally.progress()).build()));
        } catch (Exception e) {
          fail(e);
        }
      }

      @Override
      public void onError(Throwable t) {
        done = true;
        close();
      }

      @Override
      public void onCompleted() {
        if (done) {
          return;
        }
        done = true;
        close();
        if (engine == null) {
          out.onError(DataPaths.invalid("the stream ended without a header, expected a ScoreVariantsHeader first"));
          return;
        }
        out.onNext(ScoreVariantsResponse.newBuilder().setSummary(tally.summary()).build());
        out.onCompleted();
      }

      private void fail(Exception e) {
        done = true;
        close();
        out.onError(Statuses.of(e));
      }

      private void close() {
        if (genome != null) {
          genome.close();
          genome = null;
        }
      }
    };
  }

  // ---- GetMutationMap -------------------------------------------------------------------------------------

  @Override
  public void getMutationMap(GetMutationMapRequest request, StreamObserver<GetMutationMapResponse> out) {
    try {
      if (!request.hasModel()) {
        throw DataPaths.invalid("model is not set, expected a model id or name");
      }
      ScoringModel model = ScoringModel.anyLength(model(request.getModel(), "model"));
      Sequence target = switch (request.getTargetCase()) {
        case SEQUENCE -> inlineSequence(request.getSequence());
        case REGION -> regionSequence(request.getRegion());
        case TARGET_NOT_SET -> throw DataPaths.invalid("no target, expected a sequence or a region");
      };
      List<Integer> tasks = new ArrayList<>();
      for (String name : request.getTasksList()) {
        int t = model.taskNames().indexOf(name);
        if (t < 0) {
          throw DataPaths.invalid("unknown task " + Quoted.token(name) + ", expected one of " + model.taskNames());
        }
        tasks.add(t);
      }
      List<MutationMap> maps = new MutationMapper(scorer).map(model, target.getBases(), tasks, request.getStrand());
      GetMutationMapResponse.Builder response = GetMutationMapResponse.newBuilder()
          .setModelId(model.id()).setSequence(target);
      for (MutationMap m : maps) {
        response.addMaps(request.getRenderSvg()
            ? m.toBuilder().setSvg(MutationMapSvg.render(target.getBases(), m)).build() : m);
      }
      out.onNext(response.build());
      out.onCompleted();
    } catch (Exception e) {
      out.onError(Statuses.of(e));
    }
  }

  private static Sequence inlineSequence(Sequence s) {
    String bases = s.getBases().toUpperCase(Locale.ROOT).replace('U', 'T');
    String name = s.getId().isEmpty() ? "sequence" : "sequence " + Quoted.token(s.getId());
    if (bases.isEmpty()) {
      throw DataPaths.invalid(name + " is empty, expected bases");
    }
    if (bases.length() > MAX_MUTATION_MAP_LENGTH) {
      throw DataPaths.invalid(name + " has " + bases.length() + " bases, expected at most "
          + MAX_MUTATION_MAP_LENGTH);
    }
    int bad = Bases.firstInvalid(bases);
    if (bad >= 0) {
      throw DataPaths.invalid(name + " position " + (bad + 1) + " holds " + Bases.describe(bases.charAt(bad))
          + ", expected " + Bases.EXPECTED);
    }
    return Sequence.newBuilder().setId(s.getId()).setBases(bases).build();
  }

  private Sequence regionSequence(io.seqbind.proto.v1.ReferenceRegion r) {
    GenomicRegion region = r.getRegion();
    if (region.getStart() < 1 || region.getEnd() < region.getStart()) {
      throw DataPaths.invalid("region " + region.getChrom() + ":" + region.getStart() + "-" + region.getEnd()
          + ", expected 1 <= start <= end (both required for a mutation map)");
    }
    if (region.getEnd() - region.getStart() + 1 > MAX_MUTATION_MAP_LENGTH) {
      throw DataPaths.invalid("region of " + (region.getEnd() - region.getStart() + 1) + " bases, expected at most "
          + MAX_MUTATION_MAP_LENGTH);
    }
    try (ReferenceGenome genome = ReferenceGenome.open(reference(r.getReferenceUri(), "region.reference_uri"))) {
      long length = genome.contigLength(region.getChrom());
      if (length < 0) {
        throw Status.NOT_FOUND.withDescription("contig " + Quoted.token(region.getChrom()) + " is not in the reference "
            + genome.file()).asRuntimeException();
      }
      if (region.getEnd() > length) {
        throw Status.OUT_OF_RANGE.withDescription("region " + region.getChrom() + ":" + region.getStart() + "-"
            + region.getEnd() + " ends past the contig (length " + length + ")").asRuntimeException();
      }
      String bases = genome.fetch(region.getChrom(), region.getStart() - 1, region.getEnd());
      return Sequence.newBuilder().setId(region.getChrom() + ":" + region.getStart() + "-" + region.getEnd())
          .setBases(bases).build();
    }
  }

  // ---- ExtractMotifs --------------------------------------------------------------------------------------

  @Override
  public void extractMotifs(ExtractMotifsRequest request, StreamObserver<ExtractMotifsResponse> out) {
    try {
      if (!request.hasModel()) {
        throw DataPaths.invalid("model is not set, expected a model id or name");
      }
      ModelInfo info = model(request.getModel(), "model");
      FirstLayerFilters conv = firstLayer(info);
      double threshold = request.hasThresholdFraction() ? request.getThresholdFraction().getValue()
          : MotifExtractor.DEFAULT_THRESHOLD;
      if (!(threshold > 0 && threshold <= 1)) {
        throw DataPaths.invalid("threshold_fraction " + threshold + ", expected a value in (0, 1]");
      }
      List<Sequence> all = switch (request.getSequencesCase()) {
        case BATCH -> request.getBatch().getSequencesList();
        case FASTA_URI -> readFasta(paths.resolve(request.getFastaUri(), "fasta_uri"));
        case SEQUENCES_NOT_SET -> throw DataPaths.invalid("no sequences, expected a batch or a fasta_uri");
      };
      List<String> usable = new ArrayList<>();
      List<ItemError> errors = new ArrayList<>();
      for (int i = 0; i < all.size(); i++) {
        String bases = all.get(i).getBases().toUpperCase(Locale.ROOT).replace('U', 'T');
        int bad = Bases.firstInvalid(bases);
        if (bad >= 0) {
          errors.add(itemError(i, all.get(i).getId(), ErrorReason.ERROR_REASON_INVALID_CHARACTER, "position "
              + (bad + 1) + " holds " + Bases.describe(bases.charAt(bad)) + ", expected " + Bases.EXPECTED));
        } else if (bases.length() < conv.width()) {
          errors.add(itemError(i, all.get(i).getId(), bases.isEmpty() ? ErrorReason.ERROR_REASON_EMPTY_SEQUENCE
              : ErrorReason.ERROR_REASON_TOO_SHORT, bases.length() + " bases, expected at least the filter width "
              + conv.width()));
        } else {
          usable.add(bases);
        }
      }
      if (usable.isEmpty()) {
        throw DataPaths.invalid("no usable sequence among " + all.size() + (errors.isEmpty() ? ""
            : " (first problem: sequence " + errors.get(0).getIndex() + ": " + errors.get(0).getMessage() + ")"));
      }
      boolean bothStrands = request.hasBothStrands() ? request.getBothStrands().getValue()
          : ScoringModel.anyLength(info).strandAware();
      out.onNext(ExtractMotifsResponse.newBuilder().setProgress(MotifProgress.newBuilder().setSequencesDone(0)
          .setSequencesTotal(com.google.protobuf.Int64Value.of(usable.size()))).build());
      Progress progress = new Progress(settings.progressInterval());
      List<Motif> motifs = MotifExtractor.extract(conv, usable, threshold, request.getAllSites(), bothStrands,
          done -> progress.maybe(() -> out.onNext(ExtractMotifsResponse.newBuilder().setProgress(
              MotifProgress.newBuilder().setSequencesDone(done)
                  .setSequencesTotal(com.google.protobuf.Int64Value.of(usable.size()))).build())));
      for (Motif m : motifs) {
        out.onNext(ExtractMotifsResponse.newBuilder().setMotif(toProto(m, request.getRenderSvg())).build());
      }
      MotifSummary.Builder summary = MotifSummary.newBuilder().setModelId(info.getId()).setSequences(usable.size())
          .setFilters(motifs.size()).addAllErrors(errors);
      if (request.getMeme()) {
        summary.setMeme(MemeFormat.write(motifs));
      }
      out.onNext(ExtractMotifsResponse.newBuilder().setSummary(summary).build());
      out.onCompleted();
    } catch (Exception e) {
      out.onError(Statuses.of(e));
    }
  }

  private FirstLayerFilters firstLayer(ModelInfo info) {
    FirstLayerFilters conv = filters.apply(info);
    if (conv == null) {
      throw DataPaths.invalid("model " + info.getId() + "'s first layer is not a convolution, expected a model"
          + " whose first layer is conv1d");
    }
    return conv;
  }

  private static List<Sequence> readFasta(Path fasta) {
    List<Sequence> out = new ArrayList<>();
    for (FastaRecord r : FastaReader.readAll(fasta)) {
      out.add(Sequence.newBuilder().setId(r.name()).setBases(r.sequence().toString()).build());
    }
    return out;
  }

  private static FilterMotif toProto(Motif m, boolean svg) {
    FilterMotif.Builder b = FilterMotif.newBuilder().setFilter(m.filter()).setWidth(m.width()).setSites(m.sites())
        .setMaxActivation(m.maxActivation()).setTotalInformationContent((float) m.totalInformation());
    for (int base = 0; base < 4; base++) {
      for (int j = 0; j < m.width(); j++) {
        b.addFrequencies((float) m.frequencies()[base][j]);
      }
    }
    for (double ic : m.information()) {
      b.addInformationContent((float) ic);
    }
    if (svg) {
      b.setSvg(LogoSvg.render(m));
    }
    return b.build();
  }

  private static ItemError itemError(int index, String id, ErrorReason reason, String message) {
    return ItemError.newBuilder().setIndex(index).setId(id).setCode(Status.Code.INVALID_ARGUMENT.value())
        .setReason(reason).setMessage("sequence " + index + (id.isEmpty() ? "" : " (" + id + ")") + ": " + message)
        .build();
  }

  // ---- shared ---------------------------------------------------------------------------------------------

  private EffectOptions options(VariantScoringOptions o) {
    if (o.getModelsCount() == 0) {
      throw DataPaths.invalid("options.models is empty, expected at least one model");
    }
    Integer window = o.hasWindowLength() ? o.getWindowLength().getValue() : null;
    List<ScoringModel> list = new ArrayList<>();
    for (int i = 0; i < o.getModelsCount(); i++) {
      ModelInfo info = model(o.getModels(i), "options.models[" + i + "]");
      try {
        list.add(ScoringModel.of(info, window));
      } catch (IllegalArgumentException e) {
        throw DataPaths.invalid("options.models[" + i + "]: " + e.getMessage());
      }
    }
    return new EffectOptions(list, o.getStrand(), o.getRefMismatch(), o.getPassOnly());
  }

  private ModelInfo model(ModelRef ref, String field) {
    if (ref.getSelectorCase() == ModelRef.SelectorCase.SELECTOR_NOT_SET) {
      throw DataPaths.invalid(field + " has neither id nor name, expected one of them");
    }
    ModelInfo info;
    try {
      info = models.apply(ref);
    } catch (NoSuchElementException e) {
      info = null;
    }
    if (info == null) {
      String what = ref.hasName() ? ref.getName().getName()
          + (ref.getName().getVersion().isEmpty() ? "" : " version " + ref.getName().getVersion()) : ref.getId();
      throw Status.NOT_FOUND.withDescription(field + ": no model " + what + " in the store").asRuntimeException();
    }
    return info;
  }

  /** The reference path, with its .fai: a reference without one is FAILED_PRECONDITION (variant.proto). */
  private Path reference(String uri, String field) {
    Path path = paths.resolve(uri, field);
    if (!Files.isRegularFile(Path.of(path + ".fai"))) {
      throw Status.FAILED_PRECONDITION.withDescription(field + ": " + path + " has no .fai index, expected one made"
          + " with 'samtools faidx " + path + "'").asRuntimeException();
    }
    return path;
  }

  private static void cancelled(StreamObserver<?> out) {
    if (out instanceof ServerCallStreamObserver<?> s && s.isCancelled()) {
      throw Status.CANCELLED.withDescription("the client cancelled the call").asRuntimeException();
    }
  }

  private static String preview(List<String> names) {
    return names.size() <= 10 ? names.toString() : names.subList(0, 10) + " and " + (names.size() - 10) + " more";
  }

  /** Rate-limits progress messages; the first one goes out at once. */
  private static final class Progress {
    private final long intervalNanos;
    private long last = Long.MIN_VALUE;

    Progress(Duration interval) {
      this.intervalNanos = interval.toNanos();
    }

    void maybe(Runnable send) {
      long now = System.nanoTime();
      if (last == Long.MIN_VALUE || now - last >= intervalNanos) {
        last = now;
        send.run();
      }
    }
  }
}
