package io.seqbind.variant.grpc;

import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.seqbind.core.grpc.PacedStream;
import io.seqbind.core.grpc.StatusMapping;
import io.seqbind.proto.v1.ScoreVariantsRequest;
import java.util.concurrent.Executor;

/**
 * One ScoreVariants call's gRPC side, with flow control both ways. Requests are read one at a time (manual
 * inbound flow control) and handed, in order, to one task at a time on the service's stream threads, which runs
 * the {@link ScoreVariantsSession}; its answers go out through a {@link PacedStream}. The next request is asked
 * for when a task takes one, so at most one request waits while another is scored, and a client that stops
 * reading answers holds the scoring in PacedStream and, with it, the reading of its requests: the server's memory
 * for the call stays one request and one scoring chunk however much the client sends.
 *
 * <p>The gRPC callbacks only queue tasks; the session (its reference genome, its scorer requests) is touched by
 * one task at a time only, so a cancellation closes it after the task that was running has stopped (its next
 * send throws CANCELLED, its scorer requests are cancelled with the call's context).
 */
final class ScoreVariantsStream implements StreamObserver<ScoreVariantsRequest> {

  private final ServerCallStreamObserver<?> call;
  private final PacedStream<?> out;
  private final ScoreVariantsSession session;
  private final Executor tasks;
  private final StatusMapping statuses;
  /** Only read and written by the tasks, which run one after another. */
  private boolean done;

  private ScoreVariantsStream(ServerCallStreamObserver<?> call, PacedStream<?> out, ScoreVariantsSession session,
      Executor tasks, StatusMapping statuses) {
    this.call = call;
    this.out = out;
    this.session = session;
    this.tasks = tasks;
    this.statuses = statuses;
  }

  /**
   * Must run inside the service method (gRPC's rule for disableAutoRequest).
   *
   * @param work runs the tasks (several threads are fine: the tasks are serialized here), in the call's context
   */
  static ScoreVariantsStream start(ServerCallStreamObserver<?> call, PacedStream<?> out, ScoreVariantsSession session,
      Executor work, StatusMapping statuses) {
    call.disableAutoRequest();
    ScoreVariantsStream stream = new ScoreVariantsStream(call, out, session,
        MoreExecutors.newSequentialExecutor(work), statuses);
    call.request(1);
    return stream;
  }

  @Override
  public void onNext(ScoreVariantsRequest request) {
    tasks.execute(() -> {
      if (done) {
        return;
      }
      call.request(1); // read the next one while this one is scored
      try {
        session.accept(request);
      } catch (Exception e) {
        done = true;
        session.close();
        out.fail(statuses.of(e));
      }
    });
  }

  /** The client cancelled or the transport failed: nobody is listening. */
  @Override
  public void onError(Throwable t) {
    tasks.execute(() -> {
      done = true;
      session.close();
    });
  }

  @Override
  public void onCompleted() {
    tasks.execute(() -> {
      if (done) {
        return;
      }
      done = true;
      session.close();
      try {
        session.finish();
        out.complete();
      } catch (Exception e) {
        out.fail(statuses.of(e));
      }
    });
  }
}
