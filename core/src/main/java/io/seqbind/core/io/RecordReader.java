package io.seqbind.core.io;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The shared shape of seqbind's streaming readers: an {@link Iterator} over records read lazily from a
 * {@link LineSource}, a {@link Stream} view whose {@code close()} closes the file, and {@link AutoCloseable}
 * so try-with-resources releases the file however iteration ends. Subclasses only say how to read one
 * record.
 *
 * @param <T> the record type
 */
public abstract class RecordReader<T> implements Iterator<T>, AutoCloseable {

  protected final LineSource source;
  private T pending;
  private long pendingLine;
  private long startLine;
  private long lastLine;
  private boolean done;

  protected RecordReader(LineSource source) {
    this.source = source;
  }

  /** Reads the next record, or returns null at the end of the input. */
  protected abstract T readNext();

  @Override
  public final boolean hasNext() {
    if (pending == null && !done) {
      pending = readNext();
      pendingLine = startLine;
      done = pending == null;
    }
    return pending != null;
  }

  @Override
  public final T next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more records in " + source.file());
    }
    T record = pending;
    pending = null;
    lastLine = pendingLine;
    return record;
  }

  /** Called by {@link #readNext()}: the record being read starts on this 1-based line. */
  protected final void recordStartsAt(long line) {
    startLine = line;
  }

  /**
   * For one-record-per-line tables: the next non-blank line split at tabs, marked as the current record's
   * start, or null at the end of the input.
   */
  protected final String[] nextTabRow() {
    String line;
    do {
      line = source.next();
      if (line == null) {
        return null;
      }
    } while (line.isBlank());
    recordStartsAt(source.lineNumber());
    return Fields.tabs(line);
  }

  /**
   * For tables with a header: the first non-blank line split at tabs.
   *
   * @throws InputFormatException "empty file" when there is none, with {@code expected}
   */
  protected final String[] headerRow(String expected) {
    String header;
    do {
      header = source.next();
      if (header == null) {
        throw new InputFormatException(source.file(), 0, "empty file", expected);
      }
    } while (header.isBlank());
    return Fields.tabs(header);
  }

  /** A reader made over {@code path} by {@code reader}; the file is closed again when making it fails. */
  protected static <R extends RecordReader<?>> R open(java.nio.file.Path path,
      java.util.function.Function<LineSource, R> reader) {
    LineSource source = LineSource.open(path);
    try {
      return reader.apply(source);
    } catch (RuntimeException e) {
      source.close();
      throw e;
    }
  }

  /** The 1-based line where the record last returned by {@link #next()} starts, for messages. */
  public final long lineOfLast() {
    return lastLine;
  }

  /** The remaining records as a sequential stream; closing the stream closes the file. */
  public final Stream<T> stream() {
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL), false)
        .onClose(this::close);
  }

  /** The file as the caller named it. */
  public final String file() {
    return source.file();
  }

  @Override
  public void close() {
    source.close();
  }
}
