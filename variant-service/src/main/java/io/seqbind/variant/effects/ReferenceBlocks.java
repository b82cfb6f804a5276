package io.seqbind.variant.effects;

import io.seqbind.core.io.ReferenceGenome;

/**
 * A {@link ReferenceGenome} read in blocks: a fetch inside the last block read is cut from it, any other reads a
 * new block of at least {@link #BLOCK} bases from the fetch's start. Scoring one variant fetches its REF and each
 * window's flanks, all within a few hundred bases, and a sorted VCF's next record is close by; htsjdk reads the
 * file at every fetch (a pread), which took about as long as the models' forward passes (JFR, 10 models, 51-bp
 * windows). The bases and the errors are exactly the genome's. Not thread-safe: one per scoring thread.
 */
final class ReferenceBlocks {

  /** Bases read at once: small next to a chromosome, large next to the windows of a chunk's records. */
  static final int BLOCK = 1 << 16;

  private final ReferenceGenome genome;
  private String contig;
  private long blockStart;
  private String block = "";

  ReferenceBlocks(ReferenceGenome genome) {
    this.genome = genome;
  }

  ReferenceGenome genome() {
    return genome;
  }

  /** As {@link ReferenceGenome#contigLength}. */
  long contigLength(String contig) {
    return genome.contigLength(contig);
  }

  /** As {@link ReferenceGenome#fetch}: the upper-cased bases of {@code [start, end)}, or its exception. */
  String fetch(String contig, long start, long end) {
    long length = genome.contigLength(contig);
    if (length < 0 || start < 0 || end > length || start >= end) {
      return genome.fetch(contig, start, end); // throws, with the genome's message
    }
    if (!contig.equals(this.contig) || start < blockStart || end > blockStart + block.length()) {
      long blockEnd = Math.min(length, Math.max(end, start + BLOCK));
      block = genome.fetch(contig, start, blockEnd);
      this.contig = contig;
      blockStart = start;
    }
    return block.substring((int) (start - blockStart), (int) (end - blockStart));
  }
}
