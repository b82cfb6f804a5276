package io.seqbind.trainer.jobs;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.seqbind.core.io.AtomicFiles;
import io.seqbind.proto.v1.Job;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The on-disk layout of one job: {@code <jobDir>/job.json} (the contract's {@link Job} as proto3 JSON, written
 * atomically so a crash leaves the previous state, never half of one), {@code <jobDir>/request-id} (the
 * client's idempotency key, when it gave one), {@code <jobDir>/owner} (the principal who submitted it, with
 * authentication on), {@code <jobDir>/work/} (the runner's checkpoints) and
 * {@code <jobDir>/upload/} (streamed data files). A job directory without job.json is an upload that never
 * completed.
 */
final class JobFiles {

  static final String JOB_JSON = "job.json";
  static final String REQUEST_ID = "request-id";
  static final String OWNER = "owner";
  static final String WORK = "work";
  static final String UPLOAD = "upload";

  private static final JsonFormat.Printer PRINTER = JsonFormat.printer().preservingProtoFieldNames();
  // A job.json written by a newer seqbind may carry fields this one does not know.
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

  private JobFiles() {}

  static void writeJob(Path jobDir, Job job) throws IOException {
    String json = PRINTER.print(job) + "\n";
    AtomicFiles.writeText(jobDir.resolve(JOB_JSON), out -> out.write(json));
  }

  static Job readJob(Path jobDir) throws IOException {
    Path file = jobDir.resolve(JOB_JSON);
    Job.Builder job = Job.newBuilder();
    try {
      PARSER.merge(Files.readString(file, StandardCharsets.UTF_8), job);
    } catch (InvalidProtocolBufferException e) {
      throw new IOException(file + ": not a seqbind job: " + e.getMessage(), e);
    }
    return job.build();
  }

  static boolean hasJob(Path jobDir) {
    return Files.isRegularFile(jobDir.resolve(JOB_JSON));
  }

  static void writeRequestId(Path jobDir, String requestId) throws IOException {
    AtomicFiles.writeText(jobDir.resolve(REQUEST_ID), out -> out.write(requestId));
  }

  /** The job's idempotency key, or "" when it has none. */
  static String readRequestId(Path jobDir) throws IOException {
    Path file = jobDir.resolve(REQUEST_ID);
    return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
  }

  static void writeOwner(Path jobDir, String owner) throws IOException {
    AtomicFiles.writeText(jobDir.resolve(OWNER), out -> out.write(owner));
  }

  /** The principal who submitted the job, or null when it was submitted without authentication. */
  static String readOwner(Path jobDir) throws IOException {
    Path file = jobDir.resolve(OWNER);
    return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
  }
}
