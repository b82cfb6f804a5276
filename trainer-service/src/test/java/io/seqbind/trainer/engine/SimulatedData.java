package io.seqbind.trainer.engine;

import io.seqbind.core.simulate.KnownMotifs;
import io.seqbind.core.simulate.SequenceSetConfig;
import io.seqbind.core.simulate.SequenceSimulator;
import java.util.List;

/** Planted-motif sets from core's simulator, as engine batches. */
final class SimulatedData {

  private SimulatedData() {}

  static Batch ctcf(int count, int length, long seed) {
    SequenceSetConfig config = SequenceSetConfig.of(List.of(KnownMotifs.get("CTCF"))).withCount(count)
        .withLength(length);
    return Batch.of(new SequenceSimulator(config).simulate(seed).sequences());
  }
}
