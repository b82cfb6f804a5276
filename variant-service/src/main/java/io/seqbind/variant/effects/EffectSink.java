package io.seqbind.variant.effects;

import java.io.IOException;

/** Receives scored records in input order (a TSV, an annotated VCF, a gRPC stream). */
@FunctionalInterface
public interface EffectSink {
  void accept(RecordResult result) throws IOException;
}
