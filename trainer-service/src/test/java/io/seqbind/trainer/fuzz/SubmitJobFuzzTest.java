package io.seqbind.trainer.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.seqbind.core.bundle.ModelStore;
import io.seqbind.core.fuzz.FuzzChecks;
import io.seqbind.core.io.DataRoots;
import io.seqbind.proto.v1.Dataset;
import io.seqbind.proto.v1.DatasetFormat;
import io.seqbind.proto.v1.DatasetSource;
import io.seqbind.proto.v1.JobSpec;
import io.seqbind.proto.v1.ModelName;
import io.seqbind.proto.v1.SubmitJobRequest;
import io.seqbind.proto.v1.TrainerServiceGrpc;
import io.seqbind.trainer.grpc.TrainerGrpcService;
import io.seqbind.trainer.jobs.InvalidJobException;
import io.seqbind.trainer.jobs.JobContext;
import io.seqbind.trainer.jobs.JobManager;
import io.seqbind.trainer.jobs.JobRunner;
import io.seqbind.trainer.jobs.TrainingJobRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * SubmitJob's checks, through an in-process gRPC channel: the service's own (model name and version, data
 * roots) and the job's validation before it is queued (TrainingJobRunner.validate: the spec, the training
 * settings, and reading every data file). The first byte picks a base request over well-formed data (.seq, or
 * FASTA with a labels table) into which the rest is merged as protobuf, or puts the rest into the .seq or the
 * labels file itself. A job that passes is queued and then refused by the runner (nothing trains here).
 */
class SubmitJobFuzzTest {

  private static final Path DIR = FuzzChecks.scratch("submit");
  private static final Path SEQ;
  private static final Path FASTA;
  private static final Path LABELS;
  private static final TrainerServiceGrpc.TrainerServiceBlockingStub STUB;

  static {
    StringBuilder seq = new StringBuilder("FoldID\tEventID\tseq\tBound\n");
    StringBuilder fasta = new StringBuilder();
    StringBuilder labels = new StringBuilder("id\tA\tB\n");
    Random random = new Random(17);
    for (int i = 0; i < 24; i++) {
      StringBuilder bases = new StringBuilder();
      for (int k = 0; k < 30; k++) {
        bases.append("ACGT".charAt(random.nextInt(4)));
      }
      seq.append("A\tseq_").append(i).append('\t').append(bases).append('\t').append(i % 2).append('\n');
      fasta.append(">r").append(i).append('\n').append(bases).append('\n');
      labels.append('r').append(i).append('\t').append(i % 2).append('\t').append(i % 3).append('\n');
    }
    SEQ = FuzzChecks.write(DIR.resolve("train.seq"), seq.toString().getBytes(StandardCharsets.UTF_8));
    FASTA = FuzzChecks.write(DIR.resolve("train.fa"), fasta.toString().getBytes(StandardCharsets.UTF_8));
    LABELS = FuzzChecks.write(DIR.resolve("labels.tsv"), labels.toString().getBytes(StandardCharsets.UTF_8));
    try {
      ModelStore store = new ModelStore(DIR.resolve("store"));
      TrainingJobRunner training = new TrainingJobRunner(store);
      JobRunner validateOnly = new JobRunner() {
        @Override
        public void validate(JobSpec spec) throws InvalidJobException {
          training.validate(spec);
        }

        @Override
        public String run(JobSpec spec, Path workDir, JobContext context) throws InvalidJobException {
          throw new InvalidJobException("fuzzing: jobs are validated, not trained");
        }
      };
      JobManager manager = new JobManager(DIR.resolve("jobs"), validateOnly, new JobManager.Settings(1, 1 << 20,
          1 << 20, Duration.ofSeconds(1), Duration.ofSeconds(1)));
      TrainerGrpcService service = new TrainerGrpcService(manager, store, DataRoots.any());
      String name = InProcessServerBuilder.generateName();
      InProcessServerBuilder.forName(name).addService(service).build().start();
      ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
      STUB = TrainerServiceGrpc.newBlockingStub(channel);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @FuzzTest
  void submitJob(byte[] data) {
    int mode = data.length == 0 ? 0 : (data[0] & 0xff) % 4;
    byte[] rest = data.length == 0 ? data : Arrays.copyOfRange(data, 1, data.length);
    Path seq = mode == 2 ? FuzzChecks.write(DIR.resolve("fuzz.seq"), rest) : SEQ;
    Path labels = mode == 3 ? FuzzChecks.write(DIR.resolve("fuzz.tsv"), rest) : LABELS;
    DatasetSource source = mode % 2 == 0
        ? DatasetSource.newBuilder().setFormat(DatasetFormat.DATASET_FORMAT_DEEPBIND_SEQ).setUri(seq.toString()).build()
        : DatasetSource.newBuilder().setFormat(DatasetFormat.DATASET_FORMAT_FASTA_LABELS).setUri(FASTA.toString())
            .setLabelsUri(labels.toString()).build();
    SubmitJobRequest.Builder base = SubmitJobRequest.newBuilder().setSpec(JobSpec.newBuilder()
        .setModel(ModelName.newBuilder().setName("fuzz").setVersion("1"))
        .setDataset(Dataset.newBuilder().setTrain(source)));
    SubmitJobRequest request;
    try {
      request = mode < 2 ? base.mergeFrom(rest).build() : base.build();
    } catch (InvalidProtocolBufferException e) {
      return; // not a request: nothing reaches the service
    }
    String fileContent = mode >= 2 ? new String(rest, StandardCharsets.UTF_8) : "";
    List<String> allowed = List.of(SEQ.toString(), FASTA.toString(), LABELS.toString(), seq.toString(),
        labels.toString(), DIR.toString());
    try {
      STUB.withDeadlineAfter(60, TimeUnit.SECONDS).submitJob(request);
    } catch (StatusRuntimeException e) {
      FuzzChecks.assertRequestStatus(e, request, fileContent, allowed);
    }
  }
}
