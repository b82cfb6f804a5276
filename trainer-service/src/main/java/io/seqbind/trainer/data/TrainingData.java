package io.seqbind.trainer.data;

import io.seqbind.core.io.FastaReader;
import io.seqbind.core.io.FastaRecord;
import io.seqbind.core.io.LabelJoin;
import io.seqbind.core.io.MultiTaskSet;
import io.seqbind.core.io.PeakWindows;
import io.seqbind.core.io.Quoted;
import io.seqbind.core.io.ReferenceGenome;
import io.seqbind.core.io.SeqTable;
import io.seqbind.core.io.SeqTableReader;
import io.seqbind.core.io.SkippedWindow;
import io.seqbind.core.io.WindowSet;
import io.seqbind.core.model.TaskType;
import io.seqbind.core.seq.LabeledSequence;
import io.seqbind.core.split.DeepBindProtocol;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads a {@link DataSource} into a {@link Dataset}: labels from the file (or 1 for FASTA/peak positives),
 * negatives by dinucleotide shuffle where asked or needed, and the checks that must pass before any
 * training starts (a usable label type, both classes present). Reader errors keep their file:line message.
 */
public final class TrainingData {

  private TrainingData() {}

  public static Dataset load(DataSource source) {
    List<String> notes = new ArrayList<>();
    MultiTaskSet read = read(source, notes);
    List<LabeledSequence> records = read.sequences();
    if (records.isEmpty()) {
      throw new IllegalArgumentException(source.input() + ": no sequences");
    }
    requireOneLength(source, records);
    TaskType type = typeOf(records);
    boolean positivesOnly = records.stream().allMatch(r -> r.taskCount() == 1 && r.label(0) == 1.0);
    boolean shuffle = source.negatives() == Negatives.SHUFFLE || (source.negatives() == Negatives.AUTO && positivesOnly);
    if (shuffle) {
      if (read.taskNames().size() != 1 || type != TaskType.BINARY) {
        throw new IllegalArgumentException(source.input() + ": shuffled negatives need single-task binary data, "
            + "this has " + read.taskNames().size() + " " + type.name().toLowerCase() + " task(s); use --negatives none");
      }
      records = DeepBindProtocol.trainingSet(records, source.seed());
      notes.add(records.size() / 2 + " positives + as many dinucleotide-shuffled negatives (DeepBind protocol)");
    }
    if (type == TaskType.BINARY) {
      requireBothClasses(source, read.taskNames(), records);
    }
    return new Dataset(read.taskNames(), type, records, notes, sha256(source.input()), size(source.input()));
  }

  private static MultiTaskSet read(DataSource source, List<String> notes) {
    switch (source.format()) {
      case SEQ_TABLE -> {
        SeqTable table = SeqTableReader.readAll(source.input());
        return new MultiTaskSet(table.taskNames(), table.sequences());
      }
      case FASTA -> {
        if (source.labels() != null) {
          return LabelJoin.join(source.input(), source.labels());
        }
        List<LabeledSequence> positives = new ArrayList<>();
        for (FastaRecord r : FastaReader.readAll(source.input())) {
          positives.add(LabeledSequence.of(r.name(), r.sequence(), 1));
        }
        notes.add("FASTA without --labels: every sequence is a positive");
        return new MultiTaskSet(List.of("Bound"), positives);
      }
      case PEAKS -> {
        if (source.genome() == null) {
          throw new IllegalArgumentException(source.input() + ": peak files need --genome, the indexed reference FASTA");
        }
        try (ReferenceGenome genome = ReferenceGenome.open(source.genome())) {
          WindowSet set = new PeakWindows(genome, source.window()).extract(source.input());
          List<SkippedWindow> skipped = set.skipped();
          if (!skipped.isEmpty()) {
            // One line however many: the manifest and the CLI show it; the first names a file and line to check.
            notes.add("skipped " + skipped.size() + " of " + (skipped.size() + set.windows().size()) + " peaks whose"
                + " window runs off its contig; the first: " + skipped.get(0).message());
          }
          return new MultiTaskSet(List.of("Bound"), set.windows());
        }
      }
      default -> throw new IllegalStateException("unknown format " + source.format());
    }
  }

  /** Binary when every label is 0, 1 or missing: the file's values decide, not a flag that can disagree. */
  static TaskType typeOf(List<LabeledSequence> records) {
    for (LabeledSequence r : records) {
      for (int t = 0; t < r.taskCount(); t++) {
        double v = r.label(t);
        if (!Double.isNaN(v) && v != 0.0 && v != 1.0) {
          return TaskType.REGRESSION;
        }
      }
    }
    return TaskType.BINARY;
  }

  /** The engine trains fixed-width batches: a stray length fails here, at submit, not in the first batch. */
  private static void requireOneLength(DataSource source, List<LabeledSequence> records) {
    LabeledSequence first = records.get(0);
    for (int i = 1; i < records.size(); i++) {
      LabeledSequence r = records.get(i);
      if (r.sequence().length() != first.sequence().length()) {
        throw new IllegalArgumentException(source.input() + ": record " + (i + 1) + " " + Quoted.token(r.id()) + " has "
            + r.sequence().length() + " bases where the first, " + Quoted.token(first.id()) + ", has "
            + first.sequence().length() + "; expected one length for every sequence (fixed-width windows)");
      }
    }
  }

  private static void requireBothClasses(DataSource source, List<String> tasks, List<LabeledSequence> records) {
    for (int t = 0; t < tasks.size(); t++) {
      int positives = 0;
      int negatives = 0;
      for (LabeledSequence r : records) {
        if (r.label(t) == 1.0) {
          positives++;
        } else if (r.label(t) == 0.0) {
          negatives++;
        }
      }
      if (positives == 0 || negatives == 0) {
        throw new IllegalArgumentException(source.input() + ": task " + Quoted.token(tasks.get(t)) + " has " + positives
            + " positives and " + negatives + " negatives; a binary task needs both"
            + (negatives == 0 && tasks.size() == 1 ? " (add --negatives shuffle for positives-only data)" : ""));
      }
    }
  }

  static String sha256(Path file) {
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
