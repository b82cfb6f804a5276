package io.seqbind.trainer.jobs;

import com.google.protobuf.ByteString;
import io.seqbind.core.io.AtomicDirectory;
import io.seqbind.proto.v1.DataFileRole;
import io.seqbind.proto.v1.Job;
import io.seqbind.proto.v1.JobSpec;
import io.seqbind.proto.v1.UploadedFile;
import io.seqbind.trainer.jobs.JobRefusedException.Reason;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One UploadJob in progress: receives the announced files into {@code <jobDir>/upload/<role>-<name>}, checks
 * each file's size and sha256 when the client is done, points the spec's URIs at the stored files and queues
 * the job. Any failure removes the files: nothing is queued from a partial or corrupt upload. Not thread-safe:
 * one call's messages arrive one at a time.
 */
public final class UploadSession {

  // A plain file name: no directories, no hidden files, so it cannot escape the upload directory.
  private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,199}");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  private final JobAdmission admission;
  private final String jobId;
  private final Path jobDir;
  private final JobSpec spec;
  private final String requestId;
  private final Caller caller;
  private final Runnable releaseQuota;
  private final Map<DataFileRole, Incoming> files = new EnumMap<>(DataFileRole.class);
  private boolean ended;

  /** @param releaseQuota gives back the bytes reserved for this upload once it has ended, either way */
  UploadSession(JobAdmission admission, String jobId, Path jobDir, JobSpec spec, List<UploadedFile> announced,
      String requestId, Caller caller, Runnable releaseQuota) {
    this.admission = admission;
    this.jobId = jobId;
    this.jobDir = jobDir;
    this.spec = spec;
    this.requestId = requestId;
    this.caller = caller;
    this.releaseQuota = releaseQuota;
    for (UploadedFile file : announced) {
      Path path = jobDir.resolve(JobFiles.UPLOAD).resolve(roleName(file.getRole()) + "-" + file.getName());
      files.put(file.getRole(), new Incoming(file, path));
    }
  }

  /** Checks an upload header's file list before anything is stored; returns the bytes it declares. */
  static long checkHeader(JobSpec spec, List<UploadedFile> files, long maxBytes) throws JobRefusedException {
    if (files.isEmpty()) {
      throw invalid("header.files: announce at least one file");
    }
    Map<DataFileRole, Boolean> seen = new EnumMap<>(DataFileRole.class);
    long total = 0;
    for (int i = 0; i < files.size(); i++) {
      UploadedFile file = files.get(i);
      String field = "header.files[" + i + "]";
      if (file.getRole() == DataFileRole.DATA_FILE_ROLE_UNSPECIFIED || file.getRole() == DataFileRole.UNRECOGNIZED) {
        throw invalid(field + ".role: expected DATA_FILE_ROLE_TRAIN, _TRAIN_LABELS, _TEST or _TEST_LABELS");
      }
      if (seen.put(file.getRole(), true) != null) {
        throw invalid(field + ".role: " + file.getRole() + " is announced twice; each role at most once");
      }
      if (!FILE_NAME.matcher(file.getName()).matches()) {
        throw invalid(field + ".name: expected a plain file name such as CTCF_AC.seq.gz (letters, digits, '.', '_',"
            + " '+', '-'; no directories), got '" + file.getName() + "'");
      }
      if (file.getSizeBytes() < 0) {
        throw invalid(field + ".size_bytes: must be 0 or more, got " + file.getSizeBytes());
      }
      if (!SHA256.matcher(file.getSha256()).matches()) {
        throw invalid(field + ".sha256: expected 64 lowercase hex digits, got '" + file.getSha256() + "'");
      }
      String uri = uriOf(spec, file.getRole());
      if (!uri.isEmpty()) {
        throw invalid("header.spec." + uriField(file.getRole()) + ": must be empty when that file is uploaded"
            + " (it is '" + uri + "')");
      }
      // Saturating: declared sizes near Long.MAX_VALUE must not wrap around to a small total.
      total = total > Long.MAX_VALUE - file.getSizeBytes() ? Long.MAX_VALUE : total + file.getSizeBytes();
    }
    if (total > maxBytes) {
      throw new JobRefusedException(Reason.TOO_LARGE, "the upload announces " + total + " bytes; this server accepts"
          + " at most " + maxBytes + " per job (give server paths in SubmitJob for larger data)");
    }
    return total;
  }

  /** The id the job will have once queued. */
  public String jobId() {
    return jobId;
  }

  /**
   * Appends a chunk to a file.
   *
   * @throws JobRefusedException INVALID for a file the header did not announce or more bytes than announced
   *     (the upload is then aborted)
   */
  public void write(DataFileRole role, ByteString data) throws JobRefusedException {
    Incoming file = files.get(role);
    if (file == null) {
      abort();
      throw invalid("chunk.role: " + role + " was not announced in the header (announced: " + files.keySet() + ")");
    }
    if (file.received + data.size() > file.announced.getSizeBytes()) {
      abort();
      throw invalid("file '" + file.announced.getName() + "' (" + role + "): more than the announced "
          + file.announced.getSizeBytes() + " bytes");
    }
    try {
      if (file.out == null) {
        file.out = Files.newOutputStream(file.path);
      }
      data.writeTo(file.out);
    } catch (IOException e) {
      abort();
      if (diskFull(data.size())) {
        throw new JobRefusedException(Reason.OVER_QUOTA, "the trainer's disk filled up while receiving file '"
            + file.announced.getName() + "' (" + role + "); nothing was kept, upload again later");
      }
      throw new UncheckedIOException("cannot store the upload in " + file.path, e);
    }
    data.asReadOnlyByteBufferList().forEach(file.digest::update);
    file.received += data.size();
  }

  /**
   * Checks every file and queues the job.
   *
   * @throws JobRefusedException CORRUPT_UPLOAD naming the file whose size or sha256 differs; whatever
   *     {@link JobManager#submit} refuses with
   */
  public Job finish() throws JobRefusedException {
    try {
      JobSpec.Builder stored = spec.toBuilder();
      for (Incoming file : files.values()) {
        if (file.out != null) {
          file.out.close();
        } else {
          Files.write(file.path, new byte[0]); // an announced empty file (or one never sent: caught below)
        }
        String name = "'" + file.announced.getName() + "' (" + file.announced.getRole() + ")";
        if (file.received != file.announced.getSizeBytes()) {
          throw new JobRefusedException(Reason.CORRUPT_UPLOAD, "file " + name + ": received " + file.received
              + " bytes, the header announced " + file.announced.getSizeBytes());
        }
        String sha = HexFormat.of().formatHex(file.digest.digest());
        if (!sha.equals(file.announced.getSha256())) {
          throw new JobRefusedException(Reason.CORRUPT_UPLOAD, "file " + name + ": sha256 of the received bytes is "
              + sha + ", the header announced " + file.announced.getSha256());
        }
        setUri(stored, file.announced.getRole(), file.path.toString());
      }
      Job job = admission.submitUploaded(jobId, stored.build(), requestId, caller);
      ended = true;
      releaseQuota.run(); // the files now count as the queued job's
      if (!job.getId().equals(jobId)) {
        discard(); // a repeated request_id: the first request's job stands, these files are not needed
      }
      return job;
    } catch (IOException e) {
      abort();
      throw new UncheckedIOException("cannot store the upload in " + jobDir, e);
    } catch (JobRefusedException | RuntimeException e) {
      abort();
      throw e;
    }
  }

  /** Removes everything received; the job is not queued. Safe to call more than once. */
  public void abort() {
    if (ended) {
      return;
    }
    ended = true;
    releaseQuota.run();
    for (Incoming file : files.values()) {
      if (file.out != null) {
        try {
          file.out.close();
        } catch (IOException e) {
          // Deleted next anyway.
        }
      }
    }
    discard();
  }

  private void discard() {
    try {
      AtomicDirectory.deleteTree(jobDir);
    } catch (IOException e) {
      // A directory without job.json is removed when the manager next starts.
    }
  }

  /** Whether the file system has less room than a write needed (another writer may have filled it). */
  private boolean diskFull(long needed) {
    try {
      return Files.getFileStore(jobDir.getParent()).getUsableSpace() < needed;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** The role as a file-name prefix and as FileDigest.role names it: train, train_labels, test, test_labels. */
  static String roleName(DataFileRole role) {
    return role.name().substring("DATA_FILE_ROLE_".length()).toLowerCase(java.util.Locale.ROOT);
  }

  private static String uriOf(JobSpec spec, DataFileRole role) {
    return switch (role) {
      case DATA_FILE_ROLE_TRAIN -> spec.getDataset().getTrain().getUri();
      case DATA_FILE_ROLE_TRAIN_LABELS -> spec.getDataset().getTrain().getLabelsUri();
      case DATA_FILE_ROLE_TEST -> spec.getDataset().getTest().getUri();
      case DATA_FILE_ROLE_TEST_LABELS -> spec.getDataset().getTest().getLabelsUri();
      default -> "";
    };
  }

  private static String uriField(DataFileRole role) {
    return switch (role) {
      case DATA_FILE_ROLE_TRAIN -> "dataset.train.uri";
      case DATA_FILE_ROLE_TRAIN_LABELS -> "dataset.train.labels_uri";
      case DATA_FILE_ROLE_TEST -> "dataset.test.uri";
      default -> "dataset.test.labels_uri";
    };
  }

  private static void setUri(JobSpec.Builder spec, DataFileRole role, String path) {
    // Builders fetched per case: getTestBuilder() would add an empty test split to a job without one.
    switch (role) {
      case DATA_FILE_ROLE_TRAIN -> spec.getDatasetBuilder().getTrainBuilder().setUri(path);
      case DATA_FILE_ROLE_TRAIN_LABELS -> spec.getDatasetBuilder().getTrainBuilder().setLabelsUri(path);
      case DATA_FILE_ROLE_TEST -> spec.getDatasetBuilder().getTestBuilder().setUri(path);
      case DATA_FILE_ROLE_TEST_LABELS -> spec.getDatasetBuilder().getTestBuilder().setLabelsUri(path);
      default -> throw new IllegalArgumentException("no URI for " + role);
    }
  }

  private static JobRefusedException invalid(String message) {
    return new JobRefusedException(Reason.INVALID, message);
  }

  /** One announced file and what has arrived of it. */
  private static final class Incoming {
    final UploadedFile announced;
    final Path path;
    final MessageDigest digest = io.seqbind.core.io.Sha256.newDigest();
    OutputStream out;
    long received;

    Incoming(UploadedFile announced, Path path) {
      this.announced = announced;
      this.path = path;
    }
  }
}
