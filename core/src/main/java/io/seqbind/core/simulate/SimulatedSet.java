package io.seqbind.core.simulate;

import io.seqbind.core.seq.LabeledSequence;
import java.util.List;

/**
 * A simulated dataset with its ground truth.
 *
 * @param taskNames one per label column: the motif names, in the configured order
 * @param sequences the sequences with one label per task (1 = carries that task's motif, 0 = does not)
 * @param sites     every planted site, ordered by sequence index then start
 */
public record SimulatedSet(List<String> taskNames, List<LabeledSequence> sequences, List<PlantedSite> sites) {

  public SimulatedSet {
    taskNames = List.copyOf(taskNames);
    sequences = List.copyOf(sequences);
    sites = List.copyOf(sites);
  }

  /** The planted sites of sequence {@code index}. */
  public List<PlantedSite> sitesOf(int index) {
    return sites.stream().filter(s -> s.sequenceIndex() == index).toList();
  }
}
