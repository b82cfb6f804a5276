package io.seqbind.core.io;

import io.seqbind.core.seq.LabeledSequence;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Writes DeepBind's tab-separated sequence table ({@code .seq}, or {@code .seq.gz} compressed): a header
 * {@code FoldID EventID seq <label columns>} and one row per record. DeepBind's own files have one label
 * column, {@code Bound}; a multi-task set gets one column per task. Written through {@link AtomicFiles}.
 *
 * <p>Labels are written as integers when they are whole numbers ({@code 1}, {@code 0}), as
 * {@link Double#toString} otherwise, and as {@code NaN} when missing.
 */
public final class SeqTableWriter {

  /** The label column of DeepBind's published ChIP-seq files. */
  public static final String DEFAULT_LABEL = "Bound";
  /** The fold every row of DeepBind's published files carries. */
  public static final String DEFAULT_FOLD = "A";

  /**
   * One row of the table.
   *
   * @param foldId the FoldID column (DeepBind uses {@code A} throughout)
   * @param record the EventID (its id), the sequence and the labels
   */
  public record Row(String foldId, LabeledSequence record) {
    public Row {
      Objects.requireNonNull(foldId, "foldId");
      Objects.requireNonNull(record, "record");
    }
  }

  private final List<String> labelColumns;

  /** A writer for single-task tables with the {@value #DEFAULT_LABEL} column. */
  public SeqTableWriter() {
    this(List.of(DEFAULT_LABEL));
  }

  /** A writer whose tables have these label columns, in order; each record needs one label per column. */
  public SeqTableWriter(List<String> labelColumns) {
    if (labelColumns.isEmpty()) {
      throw new IllegalArgumentException("a .seq table needs at least one label column");
    }
    for (String column : labelColumns) {
      checkField(column, "label column name");
    }
    this.labelColumns = List.copyOf(labelColumns);
  }

  public List<String> labelColumns() {
    return labelColumns;
  }

  /** Writes {@code records} with FoldID {@value #DEFAULT_FOLD}. */
  public void write(Path path, List<LabeledSequence> records) throws IOException {
    writeRows(path, records.stream().map(r -> new Row(DEFAULT_FOLD, r)).toList());
  }

  /** Writes rows with their own FoldIDs; {@code rows} may be a lazy stream of a reader's records. */
  public void writeRows(Path path, Iterable<Row> rows) throws IOException {
    AtomicFiles.writeText(path, out -> writeRows(out, rows));
  }

  /** Writes the header and {@code rows} to an open writer (which is left open). */
  public void writeRows(Writer out, Iterable<Row> rows) throws IOException {
    out.write("FoldID\tEventID\tseq");
    for (String column : labelColumns) {
      out.write('\t');
      out.write(column);
    }
    out.write('\n');
    int i = 0;
    for (Row row : rows) {
      LabeledSequence record = row.record();
      String where = "row " + i + " (" + record.id() + ")";
      checkField(row.foldId(), where + " FoldID");
      checkField(record.id(), where + " EventID");
      checkField(record.sequence(), where + " seq");
      if (record.taskCount() != labelColumns.size()) {
        throw new IllegalArgumentException(where + " has " + record.taskCount() + " labels, the table has "
            + labelColumns.size() + " label columns " + labelColumns);
      }
      out.write(row.foldId());
      out.write('\t');
      out.write(record.id());
      out.write('\t');
      out.write(record.sequence());
      for (int t = 0; t < labelColumns.size(); t++) {
        out.write('\t');
        out.write(formatLabel(record.label(t)));
      }
      out.write('\n');
      i++;
    }
  }

  static String formatLabel(double value) {
    if (Double.isNaN(value)) {
      return "NA"; // a missing label, as the readers spell it
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return Double.toString(value);
  }

  private static void checkField(String value, String what) {
    if (value.isEmpty()) {
      throw new IllegalArgumentException(what + " is empty");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\t' || c == '\n' || c == '\r') {
        throw new IllegalArgumentException(what + " contains a tab or line break at character " + i);
      }
    }
  }
}
