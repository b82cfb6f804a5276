package io.seqbind.core.io;

import io.seqbind.core.seq.LabeledSequence;
import java.util.List;

/**
 * The windows cut from a peaks file, and the peaks left out because their window ran off a chromosome.
 *
 * @param windows one per kept peak, in file order
 * @param skipped one per left-out peak, in file order; print their {@link SkippedWindow#message()}
 */
public record WindowSet(List<LabeledSequence> windows, List<SkippedWindow> skipped) {

  public WindowSet {
    windows = List.copyOf(windows);
    skipped = List.copyOf(skipped);
  }
}
