package io.seqbind.scorer.grpc;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import io.grpc.Context;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.seqbind.core.grpc.PageToken;
import io.seqbind.core.seq.InputSequences;
import io.seqbind.proto.v1.BatchingSettings;
import io.seqbind.proto.v1.GetRuntimeInfoRequest;
import io.seqbind.proto.v1.GetRuntimeInfoResponse;
import io.seqbind.proto.v1.ListServingModelsRequest;
import io.seqbind.proto.v1.ListServingModelsResponse;
import io.seqbind.proto.v1.LoadedModel;
import io.seqbind.proto.v1.ModelInfo;
import io.seqbind.proto.v1.ScoreRequest;
import io.seqbind.proto.v1.ScoreResponse;
import io.seqbind.proto.v1.ScoreStreamRequest;
import io.seqbind.proto.v1.ScoreStreamResponse;
import io.seqbind.proto.v1.ScorerServiceGrpc;
import io.seqbind.proto.v1.ServingModel;
import io.seqbind.scorer.ScorerSettings;
import io.seqbind.scorer.runtime.ModelResolver;
import io.seqbind.scorer.runtime.SessionCache;
import io.seqbind.scorer.score.SequenceScorer;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * The ScorerService contract (proto/seqbind/v1/scorer.proto) over plain collaborators, so Quarkus, the CLI's
 * in-process server and tests host the same object. Handlers never block a transport thread: model lookup,
 * session opening and encoding run on {@code work}, forward passes on the batcher's threads, and the call is
 * answered from whichever thread finishes. A cancelled call or a passed deadline marks its queued work as
 * unwanted, and the batcher drops it instead of running it.
 */
public final class ScorerGrpcService extends ScorerServiceGrpc.ScorerServiceImplBase {

  private static final String LISTING = "serving models";

  private final ModelResolver resolver;
  private final SessionCache cache;
  private final SequenceScorer scorer;
  private final Executor work;
  private final RuntimeDescription runtime;

  public ScorerGrpcService(ModelResolver resolver, SessionCache cache, SequenceScorer scorer, Executor work,
      RuntimeDescription runtime) {
    this.resolver = resolver;
    this.cache = cache;
    this.scorer = scorer;
    this.work = work;
    this.runtime = runtime;
  }

  @Override
  public void score(ScoreRequest request, StreamObserver<ScoreResponse> responses) {
    ServerCallStreamObserver<ScoreResponse> call = (ServerCallStreamObserver<ScoreResponse>) responses;
    call.setOnCancelHandler(() -> { }); // answers after a cancel are then dropped instead of throwing
    Context context = Context.current();
    ScorerSettings settings = runtime.settings();
    InputSequences sequences;
    try {
      ModelSelection.checkRefs(request.getModelsList());
      sequences = InputSequences.of(request.getBatch(), "batch");
      int count = sequences.size();
      if (count == 0) {
        throw new IllegalArgumentException("no sequences: batch.sequences (or batch.packed) must hold at least one");
      }
      if (count > settings.maxSequencesPerRequest()) {
        throw new IllegalArgumentException(count + " sequences in one request, more than max_sequences_per_request = "
            + settings.maxSequencesPerRequest() + "; split the batch or use ScoreStream");
      }
    } catch (IllegalArgumentException e) {
      call.onError(Statuses.invalid(e.getMessage()));
      return;
    }
    work.execute(() -> {
      if (context.isCancelled()) {
        return;
      }
      List<SessionCache.Lease> leases;
      try {
        leases = ModelSelection.open(request.getModelsList(), request.getBatch().getAlphabet(), resolver, cache);
      } catch (RuntimeException e) {
        call.onError(Statuses.of(e));
        return;
      }
      try {
        scorer.score(leases, sequences, 0, request.getOptions(), context::isCancelled)
            .whenComplete((chunk, error) -> {
              ModelSelection.release(leases);
              if (error != null) {
                call.onError(Statuses.of(error));
              } else {
                call.onNext(ScoreResponse.newBuilder().addAllModels(chunk.models()).addAllErrors(chunk.errors())
                    .build());
                call.onCompleted();
              }
            });
      } catch (RuntimeException e) {
        ModelSelection.release(leases);
        call.onError(Statuses.of(e));
      }
    });
  }

  @Override
  public StreamObserver<ScoreStreamRequest> scoreStream(StreamObserver<ScoreStreamResponse> responses) {
    ScorerSettings settings = runtime.settings();
    ScoreStreamSession session = new ScoreStreamSession((ServerCallStreamObserver<ScoreStreamResponse>) responses,
        resolver, cache, scorer, work, settings.maxInFlightChunks(), settings.maxSequencesPerRequest(),
        settings.stallTimeout());
    session.start();
    return session;
  }

  @Override
  public void listServingModels(ListServingModelsRequest request, StreamObserver<ListServingModelsResponse> out) {
    // Offset paging: the store's listing is sorted and small, and a token is refused under another filter.
    String filter = request.getLoadedOnly() ? "loaded" : "all";
    int size;
    int offset;
    try {
      size = PageToken.pageSize(request.getPageSize());
      offset = request.getPageToken().isEmpty() ? 0
          : Integer.parseInt(PageToken.decode(request.getPageToken(), LISTING, filter, 1).after().get(0));
    } catch (IllegalArgumentException e) {
      out.onError(Statuses.invalid(e.getMessage()));
      return;
    }
    work.execute(() -> {
      try {
        List<ServingModel> all = resolver.list().stream()
            .map(m -> ServingModel.newBuilder().setModel(m).setLoaded(cache.isLoaded(m.getId())).build())
            .filter(m -> !request.getLoadedOnly() || m.getLoaded())
            .toList();
        ListServingModelsResponse.Builder page = ListServingModelsResponse.newBuilder();
        int end = Math.min(all.size(), offset + size);
        if (offset < all.size()) {
          page.addAllModels(all.subList(offset, end));
        }
        if (end < all.size()) {
          page.setNextPageToken(new PageToken(LISTING, filter, List.of(Integer.toString(end))).encode());
        }
        out.onNext(page.build());
        out.onCompleted();
      } catch (RuntimeException e) {
        out.onError(Statuses.of(e));
      }
    });
  }

  @Override
  public void getRuntimeInfo(GetRuntimeInfoRequest request, StreamObserver<GetRuntimeInfoResponse> out) {
    ScorerSettings s = runtime.settings();
    GetRuntimeInfoResponse.Builder info = GetRuntimeInfoResponse.newBuilder()
        .setProvider(runtime.provider().provider())
        .setDeviceName(runtime.provider().deviceName())
        .setIntraOpThreads(s.effectiveIntraOpThreads())
        .setInterOpThreads(s.interOpThreads())
        .setBatching(BatchingSettings.newBuilder()
            .setMaxBatchSize(s.maxBatchSize())
            .setMaxWait(Duration.newBuilder().setSeconds(s.maxWait().getSeconds()).setNanos(s.maxWait().getNano()))
            .setMaxSequencesPerRequest(s.maxSequencesPerRequest())
            .setMaxSequenceLength(s.maxSequenceLength())
            .setMaxInFlightChunks(s.maxInFlightChunks()))
        .setModelCacheCapacity(s.cacheCapacity())
        .setSeqbindVersion(runtime.seqbindVersion())
        .setOnnxruntimeVersion(runtime.onnxRuntimeVersion());
    for (SessionCache.LoadedModelView m : cache.loaded()) {
      ModelInfo mi = m.info();
      info.addLoadedModels(LoadedModel.newBuilder()
          .setModelId(mi.getId())
          .setName(mi.getName())
          .setLoadTime(timestamp(m.loadTime()))
          .setLastUsedTime(timestamp(m.lastUsed()))
          .setSequencesScored(m.sequencesScored()));
    }
    out.onNext(info.build());
    out.onCompleted();
  }

  private static Timestamp timestamp(Instant t) {
    return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
  }
}
