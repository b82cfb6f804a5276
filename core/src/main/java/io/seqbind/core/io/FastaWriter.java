package io.seqbind.core.io;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Writes sequences as FASTA with a fixed line width, through {@link AtomicFiles} so a reader never sees a
 * half-written file (a {@code .gz} name is gzip-compressed). A name that cannot round-trip through FASTA
 * (empty, with a line break, or starting with white space) is refused with its record index rather than
 * written into a file that reads back differently.
 */
public final class FastaWriter {

  /** The width samtools and most genome FASTA files use. */
  public static final int DEFAULT_LINE_WIDTH = 60;

  /**
   * One FASTA record.
   *
   * @param name     the header line after {@code >}: the id, optionally followed by a space and a description
   * @param sequence the bases, written as given
   */
  public record Record(String name, String sequence) {
    public Record {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(sequence, "sequence");
    }
  }

  private final int lineWidth;

  /** A writer wrapping sequence lines at {@value #DEFAULT_LINE_WIDTH} columns. */
  public FastaWriter() {
    this(DEFAULT_LINE_WIDTH);
  }

  /** A writer wrapping sequence lines at {@code lineWidth} columns (60 and 80 are the usual choices). */
  public FastaWriter(int lineWidth) {
    if (lineWidth < 1) {
      throw new IllegalArgumentException("FASTA line width must be at least 1, got " + lineWidth);
    }
    this.lineWidth = lineWidth;
  }

  public int lineWidth() {
    return lineWidth;
  }

  /** Writes {@code records} to {@code path}, replacing it atomically. */
  public void write(Path path, Iterable<Record> records) throws IOException {
    AtomicFiles.writeText(path, out -> write(out, records));
  }

  /** Writes {@code records} to an open writer (which is left open). */
  public void write(Writer out, Iterable<Record> records) throws IOException {
    int index = 0;
    for (Record record : records) {
      check(record, index);
      out.write('>');
      out.write(record.name());
      out.write('\n');
      String seq = record.sequence();
      for (int from = 0; from < seq.length(); from += lineWidth) {
        out.write(seq, from, Math.min(lineWidth, seq.length() - from));
        out.write('\n');
      }
      index++;
    }
  }

  private static void check(Record record, int index) {
    String name = record.name();
    if (name.isEmpty() || Character.isWhitespace(name.charAt(0))) {
      throw new IllegalArgumentException("FASTA record " + index + ": the name must start with a non-space character, got '"
          + name + "'");
    }
    if (name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("FASTA record " + index + " (" + name.lines().findFirst().orElse("")
          + "): the name contains a line break");
    }
    String seq = record.sequence();
    for (int i = 0; i < seq.length(); i++) {
      char c = seq.charAt(i);
      if (c == '>' || c == '\n' || c == '\r' || Character.isWhitespace(c)) {
        throw new IllegalArgumentException("FASTA record " + index + " (" + name + "): sequence character " + i
            + " is '" + printable(c) + "', which would not read back as a base");
      }
    }
  }

  private static String printable(char c) {
    return switch (c) {
      case '\n' -> "\\n";
      case '\r' -> "\\r";
      case '\t' -> "\\t";
      default -> String.valueOf(c);
    };
  }
}
