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

  /** Queues one record; scores the chunk once it is full. */
  public void add(VariantInput input) throws IOException {
    chunk.add(input);
    added++;
    if (chunk.size() == chunkSize) {
      flush();
    }
  }

  /** Scores what is queued (nothing when empty) and reports progress. */
  public void flush() throws IOException {
    if (chunk.isEmpty()) {
      return;
    }
    for (RecordResult r : engine.score(chunk)) {
      tally.add(r);
      sink.accept(r);
    }
    chunk.clear();
    progress.accept(tally);
  }

  /** Every record of {@code source}, then the final tally. */
  public EffectTally runAll(Iterator<VariantInput> source) throws IOException {
    while (source.hasNext()) {
      add(source.next());
    }
    flush();
    return tally;
  }

  public EffectTally tally() {
    return tally;
  }
}
