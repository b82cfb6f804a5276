package io.seqbind.variant.effects;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * The one effects loop: records go through an {@link EffectEngine} in chunks of at most {@code chunkSize}
 * (so a genome-scale VCF never sits in memory while each chunk still reaches the scorer as large batches),
 * results go to the sink in input order and into the tally, and progress is reported after each chunk.
 * ScoreVcf feeds it a whole file ({@link #runAll}); ScoreVariants feeds it each message's records and
 * {@link #flush}es at the end of each message, so its answers never wait for the next message.
 *
 * <p>One chunk is with the scorer while the next is read and cut: a full chunk is started, then the one before
 * it is finished (its scores awaited, its results built and sent), so the scorer's queue does not run dry
 * while this thread reads, cuts and writes. What the sink receives, and when a failure stops the loop, is as
 * if the chunks were scored one after another: the chunk before a failure is finished before it propagates.
 */
public final class EffectSession {

  /** Records per chunk unless told otherwise. */
  public static final int DEFAULT_CHUNK = 4096;

  private final EffectEngine engine;
  private final int chunkSize;
  private final EffectSink sink;
  private final Consumer<EffectTally> progress;
  private final EffectTally tally = new EffectTally();
  private final List<VariantInput> chunk;
  /** The chunk the scorer is working on, or null. */
  private EffectEngine.Started inFlight;
  private long added;

  /** @param progress called with the tally after each chunk (may be a no-op) */
  public EffectSession(EffectEngine engine, int chunkSize, EffectSink sink, Consumer<EffectTally> progress) {
    if (chunkSize < 1) {
      throw new IllegalArgumentException("chunk size must be >= 1, got " + chunkSize);
    }
    this.engine = engine;
    this.chunkSize = chunkSize;
    this.sink = sink;
    this.progress = progress;
    this.chunk = new ArrayList<>(Math.min(chunkSize, 1 << 16));
  }

  /** Records added so far: the index the next streamed record gets. */
  public long added() {
    return added;
  }

  /** Queues one record; starts scoring the chunk once it is full (finishing the one before). */
  public void add(VariantInput input) throws IOException {
    chunk.add(input);
    added++;
    if (chunk.size() == chunkSize) {
      startChunk();
    }
  }

  /** Scores what is queued (nothing when empty), sends every result and reports progress. */
  public void flush() throws IOException {
    if (!chunk.isEmpty()) {
      startChunk();
    }
    finishInFlight();
  }

  /** Every record of {@code source}, then the final tally. */
  public EffectTally runAll(Iterator<VariantInput> source) throws IOException {
    try {
      while (source.hasNext()) {
        add(source.next());
      }
    } catch (IOException e) { // the sink failed while finishing a chunk, or a record does not parse:
      throw finishedBefore(e); // what was read before it is answered first, as without the overlap
    } catch (RuntimeException e) {
      throw finishedBefore(e);
    }
    flush();
    return tally;
  }

  /** Sends the results of the chunk in flight, if any, then gives back {@code e} to be thrown. */
  private <E extends Exception> E finishedBefore(E e) {
    try {
      finishInFlight();
    } catch (IOException | RuntimeException second) {
      e.addSuppressed(second);
      cancel();
    }
    return e;
  }

  /** Starts the queued chunk, then finishes the one before it while the scorer works on this one. */
  private void startChunk() throws IOException {
    EffectEngine.Started next;
    try {
      next = engine.start(chunk);
    } catch (RuntimeException e) { // a REF mismatch under the ERROR policy: nothing of this chunk is sent
      throw finishedBefore(e);
    }
    chunk.clear();
    try {
      finishInFlight();
    } catch (IOException | RuntimeException e) {
      next.cancel();
      throw e;
    }
    inFlight = next;
  }

  private void finishInFlight() throws IOException {
    if (inFlight == null) {
      return;
    }
    EffectEngine.Started done = inFlight;
    inFlight = null;
    try {
      for (RecordResult r : engine.finish(done)) {
        tally.add(r);
        sink.accept(r);
      }
    } catch (IOException | RuntimeException e) {
      done.cancel();
      throw e;
    }
    progress.accept(tally);
  }

  /** Gives up on the chunk in flight (its requests are cancelled); its results are never sent. */
  public void cancel() {
    if (inFlight != null) {
      inFlight.cancel();
      inFlight = null;
    }
  }

  public EffectTally tally() {
    return tally;
  }
}
