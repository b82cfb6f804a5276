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

  /** The pending record's header, parsed when its line was read; null before the first and at the end. */
  private String name;
  private String description;
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

  // Hot path of `seqbind score` (bench/score_bench.sh): most records are one header line and one sequence
  // line, so the header is cut once into name and description (no strip() of a copy of a copy) and a
  // record of one line keeps that line's String as its sequence; only a second line starts a builder.
  @Override
  protected FastaRecord readNext() {
    if (name == null) {
      if (!findFirstHeader()) {
        return null;
      }
    }
    String recordName = name;
    String recordDescription = description;
    long recordLine = headerLine;
    recordStartsAt(recordLine);
    name = null;
    String first = null;
    StringBuilder joined = null;
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
            + (bad + 1) + " in record " + Quoted.token(recordName), Bases.EXPECTED);
      }
      if (end == 0) {
        continue;
      }
      if (first == null) {
        first = end == line.length() ? line : line.substring(0, end);
      } else {
        if (joined == null) {
          joined = new StringBuilder(2 * first.length() + end).append(first);
        }
        joined.append(line, 0, end);
      }
    }
    if (first == null) {
      throw new InputFormatException(source.file(), recordLine, "record " + Quoted.token(recordName)
          + " has no sequence", "at least one line of bases after its header");
    }
    return new FastaRecord(recordName, recordDescription, joined == null ? first : joined.toString());
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

  /**
   * Parses a header line: the name is its first word after {@code >} (leading whitespace skipped), the
   * description the rest, stripped; the same as stripping the whole header first and splitting it, since
   * the name ends at the first whitespace either way.
   */
  private void startHeader(String line) {
    int end = trimmedEnd(line);
    int from = 1;
    while (from < end && Character.isWhitespace(line.charAt(from))) {
      from++;
    }
    headerLine = source.lineNumber();
    if (from == end) {
      throw source.error("empty record name after '>'", "a name right after '>', e.g. '>seq1'");
    }
    int to = from;
    while (to < end && !Character.isWhitespace(line.charAt(to))) {
      to++;
    }
    name = line.substring(from, to);
    description = to == end ? "" : line.substring(to, end).strip();
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
