package io.seqbind.core.io;

/**
 * One row of a multi-task labels table.
 *
 * @param id     the record id, matched against FASTA record names
 * @param values one per task, {@code NaN} where the table says the value is missing
 * @param line   the 1-based line the row was read from, for messages
 */
public record LabelRow(String id, double[] values, long line) {

  public LabelRow {
    values = values.clone();
  }

  @Override
  public double[] values() {
    return values.clone();
  }
}
