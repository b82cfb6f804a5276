package io.seqbind.core.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A whole multi-task labels table in memory, indexed by id, for joining with a FASTA file whose order may
 * differ. Reading it checks that every id appears once.
 */
public final class LabelTable {

  private final String file;
  private final List<String> taskNames;
  private final Map<String, LabelRow> rows;

  private LabelTable(String file, List<String> taskNames, Map<String, LabelRow> rows) {
    this.file = file;
    this.taskNames = taskNames;
    this.rows = Collections.unmodifiableMap(rows);
  }

  /**
   * Reads {@code path}.
   *
   * @throws InputFormatException for the errors of {@link LabelTableReader} and for a duplicate id
   */
  public static LabelTable read(Path path) {
    try (LabelTableReader reader = LabelTableReader.open(path)) {
      Map<String, LabelRow> rows = new LinkedHashMap<>();
      while (reader.hasNext()) {
        LabelRow row = reader.next();
        LabelRow first = rows.putIfAbsent(row.id(), row);
        if (first != null) {
          throw new InputFormatException(reader.file(), row.line(),
              "duplicate id " + Quoted.token(row.id()) + " (first on line " + first.line() + ")", "each id once");
        }
      }
      return new LabelTable(reader.file(), reader.taskNames(), rows);
    }
  }

  public String file() {
    return file;
  }

  public List<String> taskNames() {
    return taskNames;
  }

  /** The row of {@code id}, or null. */
  public LabelRow get(String id) {
    return rows.get(id);
  }

  /** Ids in file order. */
  public List<String> ids() {
    return new ArrayList<>(rows.keySet());
  }

  public int size() {
    return rows.size();
  }
}
