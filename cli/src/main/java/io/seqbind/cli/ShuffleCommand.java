package io.seqbind.cli;

import io.seqbind.core.io.FastaReader;
import io.seqbind.core.io.FastaWriter;
import io.seqbind.core.io.SeqTableReader;
import io.seqbind.core.io.SeqTableRecord;
import io.seqbind.core.io.SeqTableWriter;
import io.seqbind.core.seq.LabeledSequence;
import io.seqbind.core.shuffle.DinucleotideShuffle;
import io.seqbind.core.shuffle.MononucleotideShuffle;
import io.seqbind.core.shuffle.SequenceShuffler;
import io.seqbind.core.shuffle.ShuffledNegatives;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code seqbind shuffle}: background sequences from real ones, FASTA in and FASTA out or DeepBind
 * {@code .seq} in and {@code .seq} out (shuffles labelled 0), streamed record by record and written
 * atomically, so a bad record half-way leaves no output behind.
 */
@Command(
    name = "shuffle",
    mixinStandardHelpOptions = true,
    description = {
      "Shuffle each sequence of a FASTA or DeepBind .seq file, keeping its dinucleotide counts (Altschul-Erickson, "
          + "as DeepBind made ChIP-seq negatives) or its base composition.",
      "The format follows the input's name (.seq / .seq.gz, otherwise FASTA, .gz allowed); the output has "
          + "the same format. Shuffle j of record ID is named ID_shuf<j>; in .seq output its labels are 0."
    })
final class ShuffleCommand implements Callable<Integer> {

  enum Kind {
    dinucleotide(new DinucleotideShuffle()),
    mononucleotide(new MononucleotideShuffle());

    final SequenceShuffler shuffler;

    Kind(SequenceShuffler shuffler) {
      this.shuffler = shuffler;
    }
  }

  @Option(names = "--input", required = true, description = "FASTA (.fa, .fasta, .fa.gz, ...) or DeepBind .seq/.seq.gz file.")
  Path input;

  @Option(names = "--out", required = true, description = "Output file, same format as the input (.gz compresses).")
  Path out;

  @Option(names = "--kind", defaultValue = "dinucleotide",
      description = "What each shuffle keeps: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Kind kind;

  @Option(names = "--per-sequence", defaultValue = "1", paramLabel = "K",
      description = "Shuffles written per input sequence (default: ${DEFAULT-VALUE}).")
  int perSequence;

  @Option(names = "--with-input",
      description = "Also write each input record before its shuffles (a positives + negatives training set).")
  boolean withInput;

  @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  /** One sequence's shuffles are made together; DeepBind used 1 to 3. */
  static final int MAX_PER_SEQUENCE = 1000;

  @Override
  public Integer call() throws Exception {
    if (perSequence < 1 || perSequence > MAX_PER_SEQUENCE) {
      throw new IllegalArgumentException("--per-sequence must be 1.." + MAX_PER_SEQUENCE + ", got " + perSequence);
    }
    if (sameFile(input, out)) {
      throw new IllegalArgumentException("--out " + out + " is the --input file, expected another file (the input"
          + " is read while the output is written)");
    }
    if (isSeqTable(input) != isSeqTable(out)) {
      throw new IllegalArgumentException("--out " + out + " must have the input's format ("
          + (isSeqTable(input) ? ".seq or .seq.gz" : "FASTA, not .seq") + ")");
    }
    long written = isSeqTable(input) ? shuffleSeqTable() : shuffleFasta();
    System.out.println("wrote " + written + " sequences to " + out);
    return 0;
  }

  private long shuffleFasta() throws Exception {
    long[] count = {0};
    try (FastaReader reader = FastaReader.open(input)) {
      Iterable<FastaWriter.Record> records = () -> expand(reader, r -> new LabeledSequence(r.name(), r.sequence(), null),
          s -> { count[0]++; return new FastaWriter.Record(s.id(), s.sequence()); });
      new FastaWriter().write(out, records);
    }
    return count[0];
  }

  private long shuffleSeqTable() throws Exception {
    long[] count = {0};
    try (SeqTableReader reader = SeqTableReader.open(input)) {
      String[] fold = {null};
      Iterable<SeqTableWriter.Row> rows = () -> expand(reader, (SeqTableRecord r) -> {
        fold[0] = r.foldId();
        return r.sequence();
      }, s -> { count[0]++; return new SeqTableWriter.Row(fold[0], s); });
      new SeqTableWriter(reader.taskNames()).writeRows(out, rows);
    }
    return count[0];
  }

  /** Each input record (when asked for) followed by its shuffles, lazily, in input order. */
  private <R, W> Iterator<W> expand(Iterator<R> records, Function<R, LabeledSequence> toSequence,
      Function<LabeledSequence, W> toOutput) {
    return new Iterator<>() {
      private final List<W> pending = new ArrayList<>();
      private int index;

      @Override
      public boolean hasNext() {
        while (pending.isEmpty() && records.hasNext()) {
          LabeledSequence original = toSequence.apply(records.next());
          if (withInput) {
            pending.add(toOutput.apply(original));
          }
          for (LabeledSequence shuffled : ShuffledNegatives.forOne(original, index++, perSequence, seed, kind.shuffler)) {
            pending.add(toOutput.apply(shuffled));
          }
        }
        return !pending.isEmpty();
      }

      @Override
      public W next() {
        if (!hasNext()) {
          throw new java.util.NoSuchElementException();
        }
        return pending.remove(0);
      }
    };
  }

  static boolean isSeqTable(Path path) {
    String name = path.getFileName().toString();
    return name.endsWith(".seq") || name.endsWith(".seq.gz");
  }

  private static boolean sameFile(Path a, Path b) throws java.io.IOException {
    return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize())
        || (Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b));
  }
}
