package io.seqbind.variant.grpc;

import io.seqbind.core.io.ReferenceGenome;
import io.seqbind.proto.v1.ScoreVariantsHeader;
import io.seqbind.proto.v1.ScoreVariantsRequest;
import io.seqbind.proto.v1.ScoreVariantsResponse;
import io.seqbind.proto.v1.VariantRecord;
import io.seqbind.variant.effects.AlleleResult;
import io.seqbind.variant.effects.EffectEngine;
import io.seqbind.variant.effects.EffectOptions;
import io.seqbind.variant.effects.EffectSession;
import io.seqbind.variant.effects.RecordResult;
import io.seqbind.variant.effects.VariantInput;
import io.seqbind.variant.scoring.WindowScorer;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * One ScoreVariants call as a plain state machine: the header opens the reference and an
 * {@link EffectSession} (the loop ScoreVcf uses too); each chunk's records get stream-wide indices and are
 * scored and answered before {@link #accept} returns; {@link #finish} sends the summary. How many messages are
 * read ahead, and on which thread, is {@link ScoreVariantsStream}'s business. Protocol mistakes (no header
 * first, a second header, no header at all) are IllegalArgumentExceptions (INVALID_ARGUMENT).
 */
public final class ScoreVariantsSession implements AutoCloseable {

  private final WindowScorer scorer;
  private final VariantRequests requests;
  private final int chunkSize;
  private final Duration progressInterval;
  private final Consumer<ScoreVariantsResponse> out;
  private ReferenceGenome genome;
  private EffectSession effects;
  private ProgressThrottle progress;

  public ScoreVariantsSession(WindowScorer scorer, VariantRequests requests, int chunkSize, Duration progressInterval,
      Consumer<ScoreVariantsResponse> out) {
    this.scorer = scorer;
    this.requests = requests;
    this.chunkSize = chunkSize;
    this.progressInterval = progressInterval;
    this.out = out;
  }

  /** Takes the next message of the stream; its results are sent before this returns. */
  public void accept(ScoreVariantsRequest request) throws IOException {
    if (request.hasHeader()) {
      if (effects != null) {
        throw new IllegalArgumentException("a second header arrived, expected only chunks after the first message");
      }
      open(request.getHeader());
      return;
    }
    if (effects == null) {
      throw new IllegalArgumentException("the first message is not a header, expected a ScoreVariantsHeader first");
    }
    for (VariantRecord r : request.getChunk().getRecordsList()) {
      long index = effects.added();
      effects.add(new VariantInput(index, r, false, "record " + index, null));
    }
    effects.flush();
    progress.maybe(() -> out.accept(ScoreVariantsResponse.newBuilder().setProgress(effects.tally().progress())
        .build()));
  }

  private void open(ScoreVariantsHeader header) {
    EffectOptions options = requests.options(header.getOptions());
    genome = ReferenceGenome.open(requests.reference(header.getReferenceUri(), "header.reference_uri"));
    effects = new EffectSession(new EffectEngine(scorer, genome, options), chunkSize, this::send, t -> { });
    progress = new ProgressThrottle(progressInterval);
  }

  private void send(RecordResult r) {
    for (AlleleResult a : r.alleles()) {
      out.accept(a.scored() ? ScoreVariantsResponse.newBuilder().setEffect(a.effect()).build()
          : ScoreVariantsResponse.newBuilder().setSkipped(a.skipped()).build());
    }
  }

  /** The client half-closed: sends the summary. */
  public void finish() {
    if (effects == null) {
      throw new IllegalArgumentException("the stream ended without a header, expected a ScoreVariantsHeader first");
    }
    out.accept(ScoreVariantsResponse.newBuilder().setSummary(effects.tally().summary()).build());
  }

  @Override
  public void close() {
    if (genome != null) {
      genome.close();
      genome = null;
    }
  }
}
