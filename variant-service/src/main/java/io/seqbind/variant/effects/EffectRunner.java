package io.seqbind.variant.effects;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Streams records through an {@link EffectEngine} in chunks of {@code chunkSize} records, so a
 * genome-scale VCF never sits in memory while each chunk still reaches the scorer as large batches.
 * Results go to the sink in input order; progress is reported after each chunk.
 */
public final class EffectRunner {

  /** Records per chunk unless told otherwise. */
  public static final int DEFAULT_CHUNK = 4096;

  private final EffectEngine engine;
  private final int chunkSize;

  public EffectRunner(EffectEngine engine) {
    this(engine, DEFAULT_CHUNK);
  }

  public EffectRunner(EffectEngine engine, int chunkSize) {
    if (chunkSize < 1) {
      throw new IllegalArgumentException("chunk size must be >= 1, got " + chunkSize);
    }
    this.engine = engine;
    this.chunkSize = chunkSize;
  }

  /**
   * Scores every record of {@code source}.
   *
   * @param progress called with the tally after each chunk (may be a no-op)
   * @return the final tally
   */
  public EffectTally run(Iterator<VariantInput> source, EffectSink sink, Consumer<EffectTally> progress)
      throws IOException {
    EffectTally tally = new EffectTally();
    List<VariantInput> chunk = new ArrayList<>(Math.min(chunkSize, 1 << 16));
    while (source.hasNext()) {
      chunk.add(source.next());
      if (chunk.size() == chunkSize) {
        flush(chunk, sink, tally);
        progress.accept(tally);
      }
    }
    if (!chunk.isEmpty()) {
      flush(chunk, sink, tally);
      progress.accept(tally);
    }
    return tally;
  }

  private void flush(List<VariantInput> chunk, EffectSink sink, EffectTally tally) throws IOException {
    for (RecordResult r : engine.score(chunk)) {
      tally.add(r);
      sink.accept(r);
    }
    chunk.clear();
  }
}
