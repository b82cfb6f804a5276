package io.seqbind.trainer.engine;

import io.seqbind.core.seq.Bases;
import io.seqbind.core.seq.LabeledSequence;
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
    return toBatch(new SequenceSimulator(config).simulate(seed).sequences());
  }

  static Batch toBatch(List<LabeledSequence> records) {
    int n = records.size();
    int length = records.get(0).sequence().length();
    int tasks = records.get(0).taskCount();
    byte[] bases = new byte[n * length];
    float[] labels = new float[n * tasks];
    for (int i = 0; i < n; i++) {
      String s = records.get(i).sequence();
      for (int p = 0; p < length; p++) {
        bases[i * length + p] = (byte) Bases.code(s.charAt(p));
      }
      for (int t = 0; t < tasks; t++) {
        labels[i * tasks + t] = (float) records.get(i).label(t);
      }
    }
    return new Batch(bases, n, length, labels, tasks);
  }
}
