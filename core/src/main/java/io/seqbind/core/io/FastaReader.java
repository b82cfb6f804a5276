package io.seqbind.core.io;

import io.seqbind.core.seq.Bases;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams the records of a FASTA file (plain or gzip, detected from the content), checking every base as
 * it goes so a bad character is reported with its file, line and column rather than surfacing later in the
 * encoder. Multi-line records, blank lines, trailing whitespace and Windows line endings are accepted.
 *
 * <p>Rejected, each with an {@link InputFormatException}: sequence data before the first {@code >} header,
 * a header with no name, a record with no sequence, and characters that are not bases
 * (see {@link Bases}).
 */
public final class FastaReader extends RecordReader<FastaRecord> {

  private String header;
  private long headerLine;

  private FastaReader(LineSource source) {
    super(source);
  }

  /** Opens {@code path} for streaming; close the reader (or its stream) when done. */
  public static FastaReader open(Path path) {
    return new FastaReader(LineSource.open(path));
  }

  /** Reads every record of {@code path}. */
  public static List<FastaRecord> readAll(Path path) {
    try (FastaReader reader = open(path)) {
      List<FastaRecord> records = new ArrayList<>();
      reader.forEachRemaining(records::add);
      return records;
    }
  }

  @Override
  protected FastaRecord readNext() {
    if (header == null) {
      if (!findFirstHeader()) {
        return null;
      }
    }
    String name = nameOf(header);
    String description = descriptionOf(header, name);
    long recordLine = headerLine;
    recordStartsAt(recordLine);
    StringBuilder seq = new StringBuilder();
    header = null;
    String line;
    while ((line = source.next()) != null) {
      if (!line.isEmpty() && line.charAt(0) == '>') {
        startHeader(line);
        break;
      }
      int end = trimmedEnd(line);
      int bad = Bases.firstInvalid(line, 0, end);
      if (bad >= 0) {
        throw source.error("unexpected character " + Bases.describe(line.charAt(bad)) + " at column "
            + (bad + 1) + " in record " + Quoted.token(name), Bases.EXPECTED);
      }
      seq.append(line, 0, end);
    }
    if (seq.length() == 0) {
      throw new InputFormatException(source.file(), recordLine, "record " + Quoted.token(name) + " has no sequence",
          "at least one line of bases after its header");
    }
    return new FastaRecord(name, description, seq.toString());
  }

  private boolean findFirstHeader() {
    String line;
    while ((line = source.next()) != null) {
      if (line.isEmpty() || trimmedEnd(line) == 0) {
        continue;
      }
      if (line.charAt(0) != '>') {
        throw source.error("sequence data before the first '>' header", "a header line starting with '>'");
      }
      startHeader(line);
      return true;
    }
    return false;
  }

  private void startHeader(String line) {
    header = line.substring(1, trimmedEnd(line)).strip();
    headerLine = source.lineNumber();
    if (header.isEmpty()) {
      throw source.error("empty record name after '>'", "a name right after '>', e.g. '>seq1'");
    }
  }

  private static String nameOf(String header) {
    int i = 0;
    while (i < header.length() && !Character.isWhitespace(header.charAt(i))) {
      i++;
    }
    return header.substring(0, i);
  }

  private static String descriptionOf(String header, String name) {
    return header.substring(name.length()).strip();
  }

  /** Length of {@code line} without trailing spaces and tabs. */
  static int trimmedEnd(String line) {
    int end = line.length();
    while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
      end--;
    }
    return end;
  }
}
