package io.seqbind.core.simulate;

/**
 * Where the simulator put a motif site in a simulated sequence: the ground truth a test or a demo
 * compares a model's attention or a motif scan against.
 *
 * @param sequenceIndex index of the sequence in {@link SimulatedSet#sequences()}
 * @param motif         the motif's name
 * @param task          index of the task (label column) the motif stands for
 * @param start         0-based start of the site in the sequence
 * @param strand        PLUS when the site reads as the motif, MINUS when its reverse complement does
 * @param bases         the site's bases as they appear in the sequence (forward strand)
 */
public record PlantedSite(int sequenceIndex, String motif, int task, int start, Strand strand, String bases) {

  /** One past the last base of the site. */
  public int end() {
    return start + bases.length();
  }

  /** The site read on the motif's own strand (the drawn sample). */
  public String motifOrientedBases() {
    return strand == Strand.PLUS ? bases : Bases.reverseComplement(bases);
  }
}
