package io.seqbind.trainer.grpc;

import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.seqbind.proto.v1.UploadHeader;
import io.seqbind.proto.v1.UploadJobRequest;
import io.seqbind.proto.v1.UploadJobResponse;
import io.seqbind.trainer.jobs.Caller;
import io.seqbind.trainer.jobs.JobManager;
import io.seqbind.trainer.jobs.UploadSession;
import java.util.function.Function;

/**
 * One UploadJob call: the header first (checked like SubmitJob's spec, then an {@link UploadSession} from the
 * queue, which checks the sizes it declares against the limits before a byte is stored), then chunks into the
 * session, and the job when the client half-closes. Any failure aborts the session, which removes what it
 * stored, and ends the call with the failure's status.
 */
final class UploadCall implements StreamObserver<UploadJobRequest> {

  /** A step of the call that may fail with any exception the status mapping knows. */
  @FunctionalInterface
  interface Step {
    void run() throws Exception;
  }

  private final JobManager jobs;
  private final JobChecks checks;
  private final Caller caller;
  private final StreamObserver<UploadJobResponse> responses;
  private final Function<Throwable, StatusRuntimeException> status;
  private UploadSession session;
  private boolean failed;
  private long messages;

  UploadCall(JobManager jobs, JobChecks checks, Caller caller,
      StreamObserver<UploadJobResponse> responses, Function<Throwable, StatusRuntimeException> status) {
    this.jobs = jobs;
    this.checks = checks;
    this.caller = caller;
    this.responses = responses;
    this.status = status;
  }

  @Override
  public void onNext(UploadJobRequest request) {
    if (failed) {
      return;
    }
    messages++;
    step(() -> {
      switch (request.getPayloadCase()) {
        case HEADER -> begin(request.getHeader());
        case CHUNK -> {
          if (session == null) {
            throw new IllegalArgumentException("message 1: expected the header first, got a chunk");
          }
          session.write(request.getChunk().getRole(), request.getChunk().getData());
        }
        default -> throw new IllegalArgumentException("message " + messages + ": neither a header nor a chunk");
      }
    });
  }

  private void begin(UploadHeader header) throws Exception {
    if (session != null) {
      throw new IllegalArgumentException("message " + messages + ": a second header; send one header, then only"
          + " chunks");
    }
    if (!header.hasSpec()) {
      throw new IllegalArgumentException("header.spec: required (the job to run)");
    }
    // Files the header does not upload (labels, test set, genome) are server paths, as in SubmitJob.
    checks.check(header.getSpec(), "header.spec");
    session = jobs.beginUpload(header.getSpec(), header.getFilesList(), header.getRequestId(), caller);
  }

  @Override
  public void onError(Throwable t) {
    failed = true;
    if (session != null) {
      session.abort(); // the client went away: nothing is queued
    }
  }

  @Override
  public void onCompleted() {
    if (failed) {
      return;
    }
    step(() -> {
      if (session == null) {
        throw new IllegalArgumentException("the stream ended without a header; send an UploadHeader first");
      }
      responses.onNext(UploadJobResponse.newBuilder().setJob(session.finish()).build());
      responses.onCompleted();
    });
  }

  private void step(Step step) {
    try {
      step.run();
    } catch (Exception e) {
      failed = true;
      if (session != null) {
        session.abort();
      }
      responses.onError(status.apply(e));
    }
  }
}
