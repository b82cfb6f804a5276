package io.seqbind.core.io;

import io.seqbind.core.seq.Bases;
import io.seqbind.core.seq.LabeledSequence;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Streams a DeepBind {@code .seq} / {@code .seq.gz} table: tab-separated, a header line naming the columns
 * {@code FoldID}, {@code EventID}, {@code seq} (matched ignoring case, in any order) and one or more label or
 * score columns, whose names become the task names ({@code Bound} in DeepBind's ENCODE sets, which have one;
 * seqbind's simulated multi-motif sets have one per motif). Each row becomes a {@link SeqTableRecord}: a
 * {@link LabeledSequence} with id = EventID and one label per task, plus its FoldID.
 *
 * <p>The header is required because the label columns' names are the task names a model's manifest records;
 * a file whose first line is data is an {@link InputFormatException}, as are a wrong column count, a label
 * that is not a finite number, an empty EventID or seq, a character in seq that is not a base, and a
 * truncated gzip stream. Blank lines are skipped.
 */
public final class SeqTableReader extends RecordReader<SeqTableRecord> {

  private static final String EXPECTED_HEADER =
      "a tab-separated header naming the columns FoldID, EventID, seq and label columns (e.g. Bound)";

  private final int foldCol;
  private final int eventCol;
  private final int seqCol;
  private final int[] labelCols;
  private final int columns;
  private final List<String> taskNames;
  private final String columnList;

  private SeqTableReader(LineSource source) {
    super(source);
    String[] names = headerRow(EXPECTED_HEADER);
    columns = names.length;
    int fold = -1;
    int event = -1;
    int seq = -1;
    List<Integer> labels = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      String n = names[i].toLowerCase(Locale.ROOT);
      int previous = switch (n) {
        case "foldid" -> fold;
        case "eventid" -> event;
        case "seq" -> seq;
        default -> -1;
      };
      if (previous >= 0) {
        throw source.error("column " + Quoted.token(names[i]) + " appears twice in the header", EXPECTED_HEADER);
      }
      switch (n) {
        case "foldid" -> fold = i;
        case "eventid" -> event = i;
        case "seq" -> seq = i;
        default -> labels.add(i);
      }
    }
    if (fold < 0 && event < 0 && seq < 0) {
      throw source.error("missing header line (the first line names none of FoldID, EventID, seq)", EXPECTED_HEADER);
    }
    String found = Arrays.stream(names).map(Quoted::bare).collect(Collectors.joining(", "));
    requireColumn(source, fold, "FoldID", found);
    requireColumn(source, event, "EventID", found);
    requireColumn(source, seq, "seq", found);
    if (labels.isEmpty()) {
      throw source.error("header has no label column", "at least one label column besides FoldID, EventID and seq");
    }
    foldCol = fold;
    eventCol = event;
    seqCol = seq;
    labelCols = labels.stream().mapToInt(Integer::intValue).toArray();
    taskNames = labels.stream().map(i -> names[i]).toList();
    columnList = found;
  }

  /** Opens {@code path} and reads its header; close the reader (or its stream) when done. */
  public static SeqTableReader open(Path path) {
    return open(path, SeqTableReader::new);
  }

  /** Reads the whole table of {@code path}. */
  public static SeqTable readAll(Path path) {
    try (SeqTableReader reader = open(path)) {
      List<LabeledSequence> sequences = new ArrayList<>();
      List<String> folds = new ArrayList<>();
      reader.forEachRemaining(r -> {
        sequences.add(r.sequence());
        folds.add(r.foldId());
      });
      return new SeqTable(reader.taskNames(), sequences, folds);
    }
  }

  /** The label columns' headers in file order: one task each ({@code Bound} in DeepBind's files). */
  public List<String> taskNames() {
    return taskNames;
  }

  @Override
  protected SeqTableRecord readNext() {
    String[] f = nextTabRow();
    if (f == null) {
      return null;
    }
    if (f.length != columns) {
      throw source.error("found " + f.length + " tab-separated columns",
          columns + " (" + columnList + ")");
    }
    String id = f[eventCol];
    if (id.isEmpty()) {
      throw source.error("empty EventID", "an id for every row");
    }
    String seq = f[seqCol];
    if (seq.isEmpty()) {
      throw source.error("empty seq for record " + Quoted.token(id), "at least one base");
    }
    int bad = Bases.firstInvalid(seq);
    if (bad >= 0) {
      throw source.error("unexpected character " + Bases.describe(seq.charAt(bad)) + " at position "
          + (bad + 1) + " of seq in record " + Quoted.token(id), Bases.EXPECTED);
    }
    double[] labels = new double[labelCols.length];
    for (int t = 0; t < labelCols.length; t++) {
      String value = f[labelCols[t]];
      if (labelCols.length > 1 && Fields.isMissing(value)) {
        labels[t] = Double.NaN; // multi-task tables may lack a task's label, as labels tables may
        continue;
      }
      try {
        labels[t] = Fields.number(value);
      } catch (NumberFormatException e) {
        throw source.error("label " + Quoted.token(value) + " in column " + Quoted.token(taskNames.get(t)) + " is not a number",
            labelCols.length > 1 ? "a finite number, or NA, nan, . or empty for a missing value"
                : "a finite number such as 0, 1 or 0.37");
      }
    }
    return new SeqTableRecord(f[foldCol], new LabeledSequence(id, seq, labels));
  }

  private static void requireColumn(LineSource source, int index, String name, String found) {
    if (index < 0) {
      throw source.error("header has no column '" + name + "' (found " + found + ")", EXPECTED_HEADER);
    }
  }
}
