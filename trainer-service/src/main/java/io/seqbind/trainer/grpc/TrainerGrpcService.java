package io.seqbind.trainer.grpc;

import com.google.protobuf.Duration;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.seqbind.core.bundle.BundleException;
import io.seqbind.core.bundle.ModelBundle;
import io.seqbind.core.bundle.ModelNotFoundException;
import io.seqbind.core.bundle.ModelStore;
import io.seqbind.core.grpc.InternalErrors;
import io.seqbind.core.grpc.PageToken;
import io.seqbind.core.io.DataRoots;
import io.seqbind.proto.v1.CancelJobRequest;
import io.seqbind.proto.v1.CancelJobResponse;
import io.seqbind.proto.v1.Dataset;
import io.seqbind.proto.v1.DatasetSource;
import io.seqbind.proto.v1.GetJobRequest;
import io.seqbind.proto.v1.GetJobResponse;
import io.seqbind.proto.v1.GetModelRequest;
import io.seqbind.proto.v1.GetModelResponse;
import io.seqbind.proto.v1.Job;
import io.seqbind.proto.v1.JobPhase;
import io.seqbind.proto.v1.JobSpec;
import io.seqbind.proto.v1.ListJobsRequest;
import io.seqbind.proto.v1.ListJobsResponse;
import io.seqbind.proto.v1.ListModelsRequest;
import io.seqbind.proto.v1.ListModelsResponse;
import io.seqbind.proto.v1.ListPresetsRequest;
import io.seqbind.proto.v1.ListPresetsResponse;
import io.seqbind.proto.v1.ModelInfo;
import io.seqbind.proto.v1.ModelRef;
import io.seqbind.proto.v1.SubmitJobRequest;
import io.seqbind.proto.v1.SubmitJobResponse;
import io.seqbind.proto.v1.TrainerServiceGrpc;
import io.seqbind.proto.v1.UploadJobRequest;
import io.seqbind.proto.v1.UploadJobResponse;
import io.seqbind.proto.v1.WatchJobRequest;
import io.seqbind.proto.v1.WatchJobResponse;
import io.seqbind.trainer.jobs.InvalidJobException;
import io.seqbind.trainer.jobs.JobManager;
import io.seqbind.trainer.jobs.JobRefusedException;
import io.seqbind.trainer.jobs.JobSpecs;
import io.seqbind.trainer.jobs.UploadSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Pattern;

/**
 * seqbind.v1.TrainerService over a {@link JobManager} and a {@link ModelStore}: checks requests, calls them and
 * maps their answers and refusals to the contract's messages and status codes. Hosted by the Quarkus service
 * and, with {@code new}, by the CLI's in-process server and the tests.
 */
public class TrainerGrpcService extends TrainerServiceGrpc.TrainerServiceImplBase implements AutoCloseable {

  private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final Pattern MODEL_ID = Pattern.compile("[0-9a-f]{64}");
  private static final long DEFAULT_WATCH_INTERVAL_NANOS = 1_000_000_000L;
  private static final long MIN_WATCH_INTERVAL_NANOS = 100_000_000L;
  /** ListModels order: by name, newest first, then version (unique within a name) so that the
   * order, and with it paging, is total. */
  private static final Comparator<ModelInfo> MODEL_ORDER = Comparator
      .comparing((ModelInfo m) -> m.getName().getName())
      .thenComparing((ModelInfo m) -> m.getCreateTime().getSeconds(), Comparator.reverseOrder())
      .thenComparing((ModelInfo m) -> m.getCreateTime().getNanos(), Comparator.reverseOrder())
      .thenComparing((ModelInfo m) -> m.getName().getVersion());

  private final JobManager jobs;
  private final ModelStore store;
  private final DataRoots dataRoots;
  private final ListPresetsResponse presets = PresetCatalog.list();
  private final ScheduledExecutorService watchTimer = Executors.newSingleThreadScheduledExecutor(task -> {
    Thread thread = new Thread(task, "seqbind-watch-job");
    thread.setDaemon(true);
    return thread;
  });

  /** Reads data from any path the process can read (the CLI's in-process services). */
  public TrainerGrpcService(JobManager jobs, ModelStore store) {
    this(jobs, store, DataRoots.any());
  }

  /**
   * The caller owns {@code jobs} and {@code store}: closing this service closes neither. SubmitJob's data paths
   * must lie under {@code dataRoots}.
   */
  public TrainerGrpcService(JobManager jobs, ModelStore store, DataRoots dataRoots) {
    this.jobs = jobs;
    this.store = store;
    this.dataRoots = dataRoots;
  }

  /** Stops the WatchJob timer; open watches then get no more updates. */
  @Override
  public void close() {
    watchTimer.shutdownNow();
  }

  // ---- jobs ----

  @Override
  public void submitJob(SubmitJobRequest request, StreamObserver<SubmitJobResponse> responses) {
    unary(responses, () -> {
      if (!request.hasSpec()) {
        throw invalid("spec: required (the job to run)");
      }
      checkSpec(request.getSpec(), "spec");
      checkDataRoots(request.getSpec().getDataset());
      return SubmitJobResponse.newBuilder().setJob(jobs.submit(request.getSpec(), request.getRequestId())).build();
    });
  }

  @Override
  public StreamObserver<UploadJobRequest> uploadJob(StreamObserver<UploadJobResponse> responses) {
    return new StreamObserver<>() {
      private UploadSession session;
      private boolean failed;
      private long messages;

      @Override
      public void onNext(UploadJobRequest request) {
        if (failed) {
          return;
        }
        messages++;
        try {
          switch (request.getPayloadCase()) {
            case HEADER -> {
              if (session != null) {
                throw invalid("message " + messages + ": a second header; send one header, then only chunks");
              }
              if (!request.getHeader().hasSpec()) {
                throw invalid("header.spec: required (the job to run)");
              }
              checkSpec(request.getHeader().getSpec(), "header.spec");
              // Files the header does not upload (labels, test set, genome) are server paths, as in SubmitJob.
              checkDataRoots(request.getHeader().getSpec().getDataset());
              session = jobs.beginUpload(request.getHeader().getSpec(), request.getHeader().getFilesList(),
                  request.getHeader().getRequestId());
            }
            case CHUNK -> {
              if (session == null) {
                throw invalid("message 1: expected the header first, got a chunk");
              }
              session.write(request.getChunk().getRole(), request.getChunk().getData());
            }
            default -> throw invalid("message " + messages + ": neither a header nor a chunk");
          }
        } catch (StatusRuntimeException e) {
          fail(e);
        } catch (JobRefusedException e) {
          fail(status(e));
        } catch (RuntimeException e) {
          fail(internal(e));
        }
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
        if (session == null) {
          fail(invalid("the stream ended without a header; send an UploadHeader first"));
          return;
        }
        try {
          Job job = session.finish();
          responses.onNext(UploadJobResponse.newBuilder().setJob(job).build());
          responses.onCompleted();
        } catch (JobRefusedException e) {
          fail(status(e));
        } catch (RuntimeException e) {
          fail(internal(e));
        }
      }

      private void fail(StatusRuntimeException error) {
        failed = true;
        if (session != null) {
          session.abort();
        }
        responses.onError(error);
      }
    };
  }

  @Override
  public void watchJob(WatchJobRequest request, StreamObserver<WatchJobResponse> responses) {
    try {
      String id = requireJobId(request.getJobId());
      long interval = DEFAULT_WATCH_INTERVAL_NANOS;
      if (request.hasMinInterval()) {
        Duration d = request.getMinInterval();
        if (d.getSeconds() < 0 || d.getNanos() < 0) {
          throw invalid("min_interval: must not be negative, got " + d.getSeconds() + "s " + d.getNanos() + "ns");
        }
        interval = Math.max(MIN_WATCH_INTERVAL_NANOS, d.getSeconds() * 1_000_000_000L + d.getNanos());
      }
      JobWatchStream stream = new JobWatchStream(
          (ServerCallStreamObserver<WatchJobResponse>) responses, watchTimer, interval);
      stream.attach(jobs.watch(id, stream::offer));
    } catch (StatusRuntimeException e) {
      responses.onError(e);
    } catch (JobRefusedException e) {
      responses.onError(status(e));
    } catch (RuntimeException e) {
      responses.onError(internal(e));
    }
  }

  @Override
  public void getJob(GetJobRequest request, StreamObserver<GetJobResponse> responses) {
    unary(responses, () -> GetJobResponse.newBuilder().setJob(jobs.get(requireJobId(request.getJobId()))).build());
  }

  @Override
  public void listJobs(ListJobsRequest request, StreamObserver<ListJobsResponse> responses) {
    unary(responses, () -> {
      int size = pageSize(request.getPageSize());
      Set<JobPhase> phases = new TreeSet<>();
      for (int i = 0; i < request.getPhasesCount(); i++) {
        JobPhase phase = request.getPhases(i);
        if (phase == JobPhase.UNRECOGNIZED) {
          throw invalid("phases[" + i + "]: unknown phase number " + request.getPhasesValue(i));
        }
        if (phase != JobPhase.JOB_PHASE_UNSPECIFIED) {
          phases.add(phase);
        }
      }
      String filter = phases.toString();
      Job cursor = null;
      if (!request.getPageToken().isEmpty()) {
        List<String> after = decode(request.getPageToken(), "jobs", filter, 3).after();
        try {
          cursor = Job.newBuilder().setId(after.get(2)).setCreateTime(com.google.protobuf.Timestamp.newBuilder()
              .setSeconds(Long.parseLong(after.get(0))).setNanos(Integer.parseInt(after.get(1)))).build();
        } catch (NumberFormatException e) {
          throw invalid("page_token: damaged; start again without a page_token");
        }
      }
      List<Job> matching = new ArrayList<>();
      for (Job job : jobs.list()) {
        boolean afterCursor = cursor == null || JobManager.NEWEST_FIRST.compare(job, cursor) > 0;
        if (afterCursor && (phases.isEmpty() || phases.contains(job.getProgress().getPhase()))) {
          matching.add(job);
        }
      }
      ListJobsResponse.Builder out = ListJobsResponse.newBuilder().addAllJobs(matching.subList(0,
          Math.min(size, matching.size())));
      if (matching.size() > size) {
        Job last = matching.get(size - 1);
        out.setNextPageToken(new PageToken("jobs", filter, List.of(Long.toString(last.getCreateTime().getSeconds()),
            Integer.toString(last.getCreateTime().getNanos()), last.getId())).encode());
      }
      return out.build();
    });
  }

  @Override
  public void cancelJob(CancelJobRequest request, StreamObserver<CancelJobResponse> responses) {
    unary(responses, () -> CancelJobResponse.newBuilder().setJob(jobs.cancel(requireJobId(request.getJobId())))
        .build());
  }

  // ---- models ----

  @Override
  public void listModels(ListModelsRequest request, StreamObserver<ListModelsResponse> responses) {
    unary(responses, () -> {
      int size = pageSize(request.getPageSize());
      String name = request.getName();
      ModelInfo cursor = null;
      if (!request.getPageToken().isEmpty()) {
        List<String> after = decode(request.getPageToken(), "models", name, 4).after();
        try {
          cursor = ModelInfo.newBuilder()
              .setName(io.seqbind.proto.v1.ModelName.newBuilder().setName(after.get(0)).setVersion(after.get(3)))
              .setCreateTime(com.google.protobuf.Timestamp.newBuilder()
                  .setSeconds(Long.parseLong(after.get(1))).setNanos(Integer.parseInt(after.get(2))))
              .build();
        } catch (NumberFormatException e) {
          throw invalid("page_token: damaged; start again without a page_token");
        }
      }
      List<ModelInfo> matching = new ArrayList<>();
      for (ModelInfo model : store.list()) {
        if ((name.isEmpty() || model.getName().getName().equals(name))
            && (cursor == null || MODEL_ORDER.compare(model, cursor) > 0)) {
          matching.add(model);
        }
      }
      matching.sort(MODEL_ORDER);
      ListModelsResponse.Builder out = ListModelsResponse.newBuilder()
          .addAllModels(matching.subList(0, Math.min(size, matching.size())));
      if (matching.size() > size) {
        ModelInfo last = matching.get(size - 1);
        out.setNextPageToken(new PageToken("models", name, List.of(last.getName().getName(),
            Long.toString(last.getCreateTime().getSeconds()), Integer.toString(last.getCreateTime().getNanos()),
            last.getName().getVersion())).encode());
      }
      return out.build();
    });
  }

  @Override
  public void getModel(GetModelRequest request, StreamObserver<GetModelResponse> responses) {
    unary(responses, () -> {
      ModelRef ref = request.getModel();
      switch (ref.getSelectorCase()) {
        case ID -> {
          if (!MODEL_ID.matcher(ref.getId()).matches()) {
            throw invalid("model.id: expected the 64 lowercase hex digits of a model's sha256, got '" + ref.getId()
                + "'");
          }
        }
        case NAME -> {
          if (!MODEL_NAME.matcher(ref.getName().getName()).matches()) {
            throw invalid("model.name.name: expected 1-128 letters, digits, '.', '_' or '-', got '"
                + ref.getName().getName() + "'");
          }
        }
        default -> throw invalid("model: set model.id or model.name");
      }
      ModelBundle bundle;
      try {
        bundle = store.get(ref);
      } catch (ModelNotFoundException e) {
        throw Status.NOT_FOUND.withDescription(e.getMessage()).asRuntimeException();
      } catch (BundleException e) {
        throw Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asRuntimeException();
      } catch (IllegalArgumentException e) {
        throw invalid("model: " + e.getMessage());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      String manifest;
      try {
        manifest = Files.readString(bundle.dir().resolve(ModelBundle.MANIFEST), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return GetModelResponse.newBuilder().setModel(bundle.info()).setManifestJson(manifest).build();
    });
  }

  @Override
  public void listPresets(ListPresetsRequest request, StreamObserver<ListPresetsResponse> responses) {
    responses.onNext(presets);
    responses.onCompleted();
  }

  // ---- checks and mapping ----

  /** What every job needs before it is worth validating its data: a model name the store accepts. */
  private void checkSpec(JobSpec spec, String field) {
    String name = spec.getModel().getName();
    if (!MODEL_NAME.matcher(name).matches()) {
      throw invalid(field + ".model.name: expected 1-128 letters, digits, '.', '_' or '-' starting with a letter or"
          + " digit, got '" + name + "'");
    }
    String version = spec.getModel().getVersion();
    if (version.isEmpty()) {
      return;
    }
    if (!MODEL_NAME.matcher(version).matches()) {
      throw invalid(field + ".model.version: expected empty (the creation time) or 1-128 letters, digits, '.', '_'"
          + " or '-', got '" + version + "'");
    }
    boolean taken;
    try {
      store.get(ModelRef.newBuilder().setName(spec.getModel()).build());
      taken = true;
    } catch (ModelNotFoundException e) {
      taken = false;
    } catch (BundleException e) {
      taken = true; // damaged, but the name and version are still used
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (taken) {
      throw Status.ALREADY_EXISTS.withDescription("model " + name + ":" + version + " already exists in the store;"
          + " bundles are immutable, choose another version or leave it empty").asRuntimeException();
    }
  }

  /** Every data path SubmitJob names lies under the data roots (uploads are the service's own files). */
  private void checkDataRoots(Dataset dataset) {
    if (dataset.hasTrain()) {
      checkDataRoots(dataset.getTrain(), "spec.dataset.train");
    }
    if (dataset.hasTest()) {
      checkDataRoots(dataset.getTest(), "spec.dataset.test");
    }
  }

  private void checkDataRoots(DatasetSource source, String field) {
    Map<String, String> uris = new LinkedHashMap<>();
    uris.put(field + ".uri", source.getUri());
    uris.put(field + ".labels_uri", source.getLabelsUri());
    uris.put(field + ".genome_uri", source.getGenomeUri());
    uris.forEach((name, uri) -> {
      if (uri.isEmpty()) {
        return;
      }
      Path path;
      try {
        path = JobSpecs.path(uri, name);
      } catch (InvalidJobException e) {
        return; // not a path at all: the job's validation names it (INVALID_ARGUMENT)
      }
      if (!dataRoots.allows(path)) {
        throw Status.PERMISSION_DENIED.withDescription(name + " '" + uri + "' is outside the server's data roots "
            + dataRoots + "; put the data there or upload it with UploadJob").asRuntimeException();
      }
    });
  }

  private static String requireJobId(String id) {
    if (id.isEmpty()) {
      throw invalid("job_id: required (the id SubmitJob or UploadJob returned)");
    }
    return id;
  }

  private static int pageSize(int requested) {
    try {
      return PageToken.pageSize(requested);
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
  }

  private static PageToken decode(String token, String listing, String filter, int keys) {
    try {
      return PageToken.decode(token, listing, filter, keys);
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
  }

  /** The status a refusal of the job queue maps to. */
  static StatusRuntimeException status(JobRefusedException e) {
    Status status = switch (e.reason()) {
      case INVALID -> Status.INVALID_ARGUMENT;
      case NOT_FOUND -> Status.NOT_FOUND;
      case QUEUE_FULL, TOO_LARGE -> Status.RESOURCE_EXHAUSTED;
      case CORRUPT_UPLOAD -> Status.DATA_LOSS;
      case WRONG_STATE, DEVICE_ABSENT -> Status.FAILED_PRECONDITION;
      case SHUTTING_DOWN -> Status.UNAVAILABLE;
      case MODEL_TAKEN -> Status.ALREADY_EXISTS;
    };
    return status.withDescription(e.getMessage()).asRuntimeException();
  }

  private static StatusRuntimeException invalid(String message) {
    return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
  }

  private static StatusRuntimeException internal(RuntimeException e) {
    return InternalErrors.status("the trainer", e);
  }


  /** The body of a unary call: returns the response or throws a status or refusal. */
  @FunctionalInterface
  private interface Body<T> {
    T call() throws JobRefusedException;
  }

  private static <T> void unary(StreamObserver<T> responses, Body<T> body) {
    T response;
    try {
      response = body.call();
    } catch (StatusRuntimeException e) {
      responses.onError(e);
      return;
    } catch (JobRefusedException e) {
      responses.onError(status(e));
      return;
    } catch (RuntimeException e) {
      responses.onError(internal(e));
      return;
    }
    responses.onNext(response);
    responses.onCompleted();
  }
}
