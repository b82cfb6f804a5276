package io.seqbind.cli;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.seqbind.core.io.Sha256;
import io.seqbind.proto.v1.DataFileRole;
import io.seqbind.proto.v1.JobPhase;
import io.seqbind.proto.v1.JobProgress;
import io.seqbind.proto.v1.JobSpec;
import io.seqbind.proto.v1.SubmitJobRequest;
import io.seqbind.proto.v1.UploadChunk;
import io.seqbind.proto.v1.UploadHeader;
import io.seqbind.proto.v1.UploadJobRequest;
import io.seqbind.proto.v1.UploadJobResponse;
import io.seqbind.proto.v1.UploadedFile;
import io.seqbind.proto.v1.WatchJobRequest;
import io.seqbind.proto.v1.WatchJobResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;

/**
 * Submits a training job (by path to in-process services, or uploading the files to a remote trainer) and
 * follows it: one progress line per update (an updating line on a terminal), and the model's id at the end.
 */
final class JobClient {

  private static final int CHUNK_BYTES = 1 << 20;

  private final Services services;
  private final PrintStream out;
  private final boolean terminal = System.console() != null;

  JobClient(Services services, PrintStream out) {
    this.services = services;
    this.out = out;
  }

  /**
   * @param upload      the training files to stream to a remote trainer; null to submit by path
   * @param testUpload  the test files to stream; null when there are none or nothing is uploaded
   * @return the trained model's id
   * @throws io.grpc.StatusRuntimeException the job's failure, with its status code (INVALID_ARGUMENT for bad
   *     input, naming the file and line)
   */
  String submitAndWait(JobSpec spec, DataOptions upload, DataOptions testUpload) throws IOException {
    String requestId = UUID.randomUUID().toString();
    String jobId = upload == null
        ? services.trainer().submitJob(SubmitJobRequest.newBuilder().setSpec(spec).setRequestId(requestId).build())
            .getJob().getId()
        : upload(spec, upload, testUpload, requestId);
    out.println("job: " + jobId);
    // Updates as often as the server allows (100 ms): the log's "final model: step N" lines are the report's
    // training curve, and at 500 ms a short job on a fast machine showed a single validation.
    Iterator<WatchJobResponse> updates = services.trainer().watchJob(WatchJobRequest.newBuilder().setJobId(jobId)
        .setMinInterval(com.google.protobuf.Duration.newBuilder().setNanos(100_000_000)).build());
    WatchJobResponse last = null;
    while (updates.hasNext()) {
      last = updates.next();
      print(last.getProgress());
    }
    if (terminal) {
      out.println();
    }
    if (last == null || !last.getModelId().isEmpty()) {
      return last == null ? "" : last.getModelId();
    }
    if (last.hasError()) {
      String where = last.getError().getFile().isEmpty() ? ""
          : " (" + last.getError().getFile() + (last.getError().getLine() > 0 ? " line " + last.getError().getLine() : "")
              + ")";
      throw Status.fromCodeValue(last.getError().getCode()).withDescription(last.getError().getMessage() + where)
          .asRuntimeException();
    }
    throw Status.ABORTED.withDescription("job " + jobId + " ended in " + last.getProgress().getPhase()
        + " without a model").asRuntimeException();
  }

  private void print(JobProgress p) {
    StringBuilder line = new StringBuilder(phase(p.getPhase()));
    // The message already says which settings, folds and step the trainer is at.
    line.append(String.format(Locale.ROOT, " (%.0f%%", 100 * p.getFractionDone()));
    if (p.hasEta()) {
      line.append(", eta ").append(p.getEta().getSeconds()).append(" s");
    }
    line.append(')');
    if (!p.getMessage().isEmpty()) {
      line.append(": ").append(p.getMessage());
    }
    if (terminal) {
      out.print("\r\033[K" + line);
      out.flush();
    } else {
      out.println(line);
    }
  }

  private static String phase(JobPhase phase) {
    return phase.name().substring("JOB_PHASE_".length()).toLowerCase(Locale.ROOT);
  }

  /** UploadJob: the header, then every file in chunks, sent as fast as the transport is ready. */
  private String upload(JobSpec spec, DataOptions train, DataOptions test, String requestId) throws IOException {
    Map<DataFileRole, Path> files = new LinkedHashMap<>();
    files.put(DataFileRole.DATA_FILE_ROLE_TRAIN, train.input);
    if (train.labels != null) {
      files.put(DataFileRole.DATA_FILE_ROLE_TRAIN_LABELS, train.labels);
    }
    if (test != null) {
      files.put(DataFileRole.DATA_FILE_ROLE_TEST, test.input);
      if (test.labels != null) {
        files.put(DataFileRole.DATA_FILE_ROLE_TEST_LABELS, test.labels);
      }
    }
    JobSpec.Builder withoutPaths = spec.toBuilder();
    withoutPaths.getDatasetBuilder().getTrainBuilder().clearUri().clearLabelsUri();
    if (spec.getDataset().hasTest()) {
      withoutPaths.getDatasetBuilder().getTestBuilder().clearUri().clearLabelsUri();
    }
    UploadHeader.Builder header = UploadHeader.newBuilder().setSpec(withoutPaths).setRequestId(requestId);
    for (Map.Entry<DataFileRole, Path> f : files.entrySet()) {
      header.addFiles(UploadedFile.newBuilder().setRole(f.getKey()).setName(f.getValue().getFileName().toString())
          .setSizeBytes(Files.size(f.getValue())).setSha256(Sha256.of(f.getValue())));
    }
    CompletableFuture<UploadJobResponse> done = new CompletableFuture<>();
    Semaphore ready = new Semaphore(0);
    List<ClientCallStreamObserver<UploadJobRequest>> call = new ArrayList<>(1);
    services.trainerAsync().uploadJob(new ClientResponseObserver<UploadJobRequest, UploadJobResponse>() {
      @Override
      public void beforeStart(ClientCallStreamObserver<UploadJobRequest> requests) {
        call.add(requests);
        requests.setOnReadyHandler(ready::release);
      }

      @Override
      public void onNext(UploadJobResponse value) {
        done.complete(value);
      }

      @Override
      public void onError(Throwable t) {
        done.completeExceptionally(t);
      }

      @Override
      public void onCompleted() {}
    });
    ClientCallStreamObserver<UploadJobRequest> requests = call.get(0);
    requests.onNext(UploadJobRequest.newBuilder().setHeader(header).build());
    byte[] buffer = new byte[CHUNK_BYTES];
    for (Map.Entry<DataFileRole, Path> f : files.entrySet()) {
      try (InputStream in = Files.newInputStream(f.getValue())) {
        for (int n; (n = in.readNBytes(buffer, 0, buffer.length)) > 0 && !done.isDone(); ) {
          while (!requests.isReady() && !done.isDone()) {
            ready.tryAcquire(100, java.util.concurrent.TimeUnit.MILLISECONDS);
          }
          requests.onNext(UploadJobRequest.newBuilder().setChunk(UploadChunk.newBuilder().setRole(f.getKey())
              .setData(ByteString.copyFrom(buffer, 0, n))).build());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        requests.cancel("interrupted", e);
        throw new IOException("upload interrupted", e);
      }
    }
    requests.onCompleted();
    try {
      return done.get().getJob().getId();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("upload interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IOException(e.getCause());
    }
  }
}
