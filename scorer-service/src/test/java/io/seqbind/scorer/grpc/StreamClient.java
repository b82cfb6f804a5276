package io.seqbind.scorer.grpc;

import io.grpc.stub.StreamObserver;
import io.seqbind.proto.v1.ScoreStreamResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** Collects a ScoreStream's responses and its end. */
class StreamClient implements StreamObserver<ScoreStreamResponse> {

  final List<ScoreStreamResponse> responses = new CopyOnWriteArrayList<>();
  final CompletableFuture<Void> end = new CompletableFuture<>();

  @Override
  public void onNext(ScoreStreamResponse value) {
    responses.add(value);
  }

  @Override
  public void onError(Throwable t) {
    end.completeExceptionally(t);
  }

  @Override
  public void onCompleted() {
    end.complete(null);
  }
}
