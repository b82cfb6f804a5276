package io.seqbind.core.io;

import io.seqbind.core.seq.LabeledSequence;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Joins a FASTA file with a multi-task labels table by id, so sequences and labels can be kept in the
 * formats other tools write. A join must be total: a FASTA record without labels, or labels for an id the
 * FASTA lacks, is an error naming the ids (a silently smaller dataset would train a different model).
 *
 * <p>{@link #join} matches by id in any order and holds both files in memory; {@link #inOrder} streams both
 * files in lockstep when they list the same ids in the same order, for inputs too large to hold.
 */
public final class LabelJoin {

  private static final int SHOWN = 5;

  private LabelJoin() {}

  /**
   * Joins by id; the result is in FASTA order.
   *
   * @throws InputFormatException for a duplicate FASTA name or labels id, FASTA records without labels,
   *     labels without a FASTA record, and the errors of either reader
   */
  public static MultiTaskSet join(Path fasta, Path labels) {
    LabelTable table = LabelTable.read(labels);
    List<LabeledSequence> out = new ArrayList<>();
    List<String> unlabeled = new ArrayList<>();
    long firstUnlabeledLine = 0;
    Map<String, Long> seen = new HashMap<>();
    try (FastaReader reader = FastaReader.open(fasta)) {
      while (reader.hasNext()) {
        FastaRecord r = reader.next();
        Long first = seen.putIfAbsent(r.name(), reader.lineOfLast());
        if (first != null) {
          throw new InputFormatException(reader.file(), reader.lineOfLast(),
              "duplicate record name " + Quoted.token(r.name()) + " (first on line " + first + ")",
              "unique names to join with the labels in " + table.file());
        }
        LabelRow row = table.get(r.name());
        if (row == null) {
          if (unlabeled.isEmpty()) {
            firstUnlabeledLine = reader.lineOfLast();
          }
          unlabeled.add(r.name());
          continue;
        }
        out.add(new LabeledSequence(r.name(), r.sequence(), row.values()));
      }
      if (!unlabeled.isEmpty()) {
        throw new InputFormatException(reader.file(), firstUnlabeledLine,
            unlabeled.size() + " record" + plural(unlabeled.size()) + " not in the labels " + table.file()
                + " (" + Quoted.firstFew(unlabeled, SHOWN) + ")",
            "a labels row for every FASTA record");
      }
    }
    List<String> orphans = new ArrayList<>();
    long firstOrphanLine = 0;
    for (String id : table.ids()) {
      if (!seen.containsKey(id)) {
        if (orphans.isEmpty()) {
          firstOrphanLine = table.get(id).line();
        }
        orphans.add(id);
      }
    }
    if (!orphans.isEmpty()) {
      throw new InputFormatException(table.file(), firstOrphanLine,
          orphans.size() + " id" + plural(orphans.size()) + " not in the FASTA " + fasta
              + " (" + Quoted.firstFew(orphans, SHOWN) + ")",
          "every labels id to name a FASTA record");
    }
    return new MultiTaskSet(table.taskNames(), out);
  }

  /**
   * Streams the join of two files that list the same ids in the same order. Close the returned reader.
   * Errors come while iterating: ids that differ at the same position, one file ending before the other,
   * and the errors of either reader. Unlike {@link #join} it keeps no set of ids, so an id repeated at the
   * same position in both files is not detected.
   */
  public static Ordered inOrder(Path fasta, Path labels) {
    LabelTableReader table = LabelTableReader.open(labels);
    try {
      return new Ordered(FastaReader.open(fasta), table);
    } catch (RuntimeException e) {
      table.close();
      throw e;
    }
  }

  /** The streaming join of {@link #inOrder}. */
  public static final class Ordered implements Iterator<LabeledSequence>, AutoCloseable {

    private final FastaReader fasta;
    private final LabelTableReader labels;

    private Ordered(FastaReader fasta, LabelTableReader labels) {
      this.fasta = fasta;
      this.labels = labels;
    }

    public List<String> taskNames() {
      return labels.taskNames();
    }

    @Override
    public boolean hasNext() {
      boolean f = fasta.hasNext();
      boolean l = labels.hasNext();
      if (f && !l) {
        FastaRecord extra = fasta.next();
        throw new InputFormatException(fasta.file(), fasta.lineOfLast(), "record " + Quoted.token(extra.name())
            + " has no labels row: " + labels.file() + " ended", "the same ids in the same order in both files");
      }
      if (l && !f) {
        LabelRow extra = labels.next();
        throw new InputFormatException(labels.file(), extra.line(), "id " + Quoted.token(extra.id())
            + " has no FASTA record: " + fasta.file() + " ended", "the same ids in the same order in both files");
      }
      return f;
    }

    @Override
    public LabeledSequence next() {
      if (!hasNext()) {
        throw new NoSuchElementException("no more records in " + fasta.file());
      }
      FastaRecord r = fasta.next();
      LabelRow row = labels.next();
      if (!r.name().equals(row.id())) {
        throw new InputFormatException(labels.file(), row.line(), "id " + Quoted.token(row.id())
            + " where the FASTA record at " + fasta.file() + ":" + fasta.lineOfLast() + " is " + Quoted.token(r.name()),
            "the same ids in the same order in both files (or join by id)");
      }
      return new LabeledSequence(r.name(), r.sequence(), row.values());
    }

    @Override
    public void close() {
      try {
        fasta.close();
      } finally {
        labels.close();
      }
    }
  }

  private static String plural(int n) {
    return n == 1 ? "" : "s";
  }
}
