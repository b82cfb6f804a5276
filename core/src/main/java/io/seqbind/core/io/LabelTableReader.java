package io.seqbind.core.io;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Streams a Basset-style multi-task labels table: tab-separated, a header whose first column is {@code id}
 * (or empty, as some tools write it) followed by one column per task name, then one row per sequence with
 * a value per task. A value is a finite number, or missing ({@code NA}, {@code nan}, {@code .} or empty),
 * which becomes {@code NaN} so training can mask it. Plain or gzip.
 *
 * <p>Errors ({@link InputFormatException}): no task columns, a first header column other than {@code id},
 * a row with the wrong number of columns, an empty id, a value that is neither a number nor missing
 * (naming the line and the task column). Duplicate ids are checked by {@link LabelTable}, which sees the
 * whole file.
 */
public final class LabelTableReader extends RecordReader<LabelRow> {

  private static final String EXPECTED_HEADER =
      "a tab-separated header 'id' then one column per task name";

  private final List<String> taskNames;

  private LabelTableReader(LineSource source) {
    super(source);
    String[] names = headerRow(EXPECTED_HEADER);
    if (!names[0].isEmpty() && !names[0].equalsIgnoreCase("id")) {
      throw source.error("the first header column is not 'id'", EXPECTED_HEADER); // never echo: see Quoted
    }
    if (names.length < 2) {
      throw source.error("header has no task columns", EXPECTED_HEADER);
    }
    for (int i = 1; i < names.length; i++) {
      if (names[i].isEmpty()) {
        throw source.error("header column " + (i + 1) + " has no task name", EXPECTED_HEADER);
      }
    }
    taskNames = List.of(Arrays.copyOfRange(names, 1, names.length));
  }

  /** Opens {@code path} and reads its header. */
  public static LabelTableReader open(Path path) {
    return open(path, LabelTableReader::new);
  }

  /** The task names, in column order. */
  public List<String> taskNames() {
    return taskNames;
  }

  @Override
  protected LabelRow readNext() {
    String[] f = nextTabRow();
    if (f == null) {
      return null;
    }
    if (f.length != taskNames.size() + 1) {
      throw source.error("found " + f.length + " tab-separated columns",
          (taskNames.size() + 1) + " (id and " + taskNames.size() + " task"
              + (taskNames.size() == 1 ? "" : "s") + ")");
    }
    if (f[0].isEmpty()) {
      throw source.error("empty id", "an id in the first column of every row");
    }
    double[] values = new double[taskNames.size()];
    for (int t = 0; t < values.length; t++) {
      String v = f[t + 1];
      if (Fields.isMissing(v)) {
        values[t] = Double.NaN;
        continue;
      }
      try {
        values[t] = Fields.number(v);
      } catch (NumberFormatException e) {
        throw source.error("value " + Quoted.token(v) + " in column " + Quoted.token(taskNames.get(t)) + " is not a number",
            "a finite number, or NA, nan, . or empty for a missing value");
      }
    }
    return new LabelRow(f[0], values, source.lineNumber());
  }
}
