package io.seqbind.cli;

import io.grpc.Context;
import io.seqbind.core.grpc.ResponseWindow;
import io.seqbind.proto.v1.ScoreVcfRequest;
import io.seqbind.proto.v1.ScoreVcfResponse;
import io.seqbind.proto.v1.VariantProgress;
import io.seqbind.proto.v1.VariantServiceGrpc.VariantServiceStub;
import io.seqbind.proto.v1.VariantSummary;
import io.seqbind.variant.effects.AlleleResult;
import io.seqbind.variant.effects.EffectSink;
import io.seqbind.variant.effects.RecordResult;
import io.seqbind.variant.effects.VariantInput;
import io.seqbind.variant.effects.VcfSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * seqbind variants' side of ScoreVcf: sends the request, puts the streamed effects and skips (one message per
 * allele, in record order) back together per record, and hands each record to a sink (the effects TSV and
 * annotated VCF writers) with the VCF's own line read here in step, as the annotated VCF copies it. Records
 * the service had nothing to say about (no ALT) reach the sink with no alleles, as they always did. A stream
 * without its summary, or a VCF here that does not match what the service read, fails the command: its
 * output would be incomplete.
 */
final class VcfEffectsClient {

  /**
   * Responses asked for at once: the service sends only what was asked for (flow control), and asked one at a
   * time, as a blocking stub does, an in-process service would wait for this thread after every message.
   * A few hundred messages of a few kB at most.
   */
  static final int WINDOW = 256;

  private final VcfSource local;
  private final EffectSink sink;
  private long emitted;
  private VariantInput pending;
  private final List<AlleleResult> alleles = new ArrayList<>();

  private VcfEffectsClient(VcfSource local, EffectSink sink) {
    this.local = local;
    this.sink = sink;
  }

  /**
   * @param local the same VCF (and region) the request names, read here
   * @return the service's summary
   */
  static VariantSummary run(VariantServiceStub variant, ScoreVcfRequest request, VcfSource local,
      EffectSink sink, Consumer<VariantProgress> progress) throws IOException {
    // Cancelled when this ends early (a write failed): the service then stops scoring.
    try (Context.CancellableContext call = Context.current().withCancellation()) {
      return call.call(() -> {
        try (ResponseWindow<ScoreVcfRequest, ScoreVcfResponse> responses =
            ResponseWindow.start(variant::scoreVcf, request, WINDOW)) {
          return new VcfEffectsClient(local, sink).read(responses, progress);
        }
      });
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private VariantSummary read(Iterator<ScoreVcfResponse> responses, Consumer<VariantProgress> progress)
      throws IOException {
    while (responses.hasNext()) {
      ScoreVcfResponse r = responses.next();
      switch (r.getResultCase()) {
        case EFFECT -> add(r.getEffect().getIndex(), new AlleleResult(r.getEffect().getAltIndex(), r.getEffect(), null));
        case SKIPPED -> add(r.getSkipped().getError().getIndex(),
            new AlleleResult(r.getSkipped().getAltIndex(), null, r.getSkipped()));
        case PROGRESS -> progress.accept(r.getProgress());
        case SUMMARY -> {
          flush();
          while (local.hasNext()) {
            sink.accept(new RecordResult(next(), List.of()));
          }
          if (emitted != r.getSummary().getRecordsRead()) {
            throw new IllegalStateException("the service read " + r.getSummary().getRecordsRead() + " records, this"
                + " command " + emitted + ": did the VCF change while it was scored?");
          }
          return r.getSummary();
        }
        default -> { }
      }
    }
    throw new IllegalStateException("ScoreVcf ended without its summary: the effects are incomplete");
  }

  /** One allele's outcome for record {@code index}; the record before it is complete once a later one starts. */
  private void add(long index, AlleleResult allele) throws IOException {
    if (pending == null || pending.index() != index) {
      flush();
      VariantInput input = next();
      while (input.index() < index) { // records with no ALT: nothing came for them
        sink.accept(new RecordResult(input, List.of()));
        input = next();
      }
      if (input.index() != index) {
        throw new IllegalStateException("the service sent record " + index + " out of order (after record "
            + (input.index() - 1) + ")");
      }
      pending = input;
    }
    alleles.add(allele);
  }

  private void flush() throws IOException {
    if (pending != null) {
      sink.accept(new RecordResult(pending, List.copyOf(alleles)));
      pending = null;
      alleles.clear();
    }
  }

  private VariantInput next() {
    if (!local.hasNext()) {
      throw new IllegalStateException("the service sent more records than " + local.file() + " holds here: did the"
          + " VCF change while it was scored?");
    }
    emitted++;
    return local.next();
  }
}
