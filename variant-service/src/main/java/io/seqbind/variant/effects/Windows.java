package io.seqbind.variant.effects;

/**
 * The reference and alternate windows of one allele, both {@code length} bases long.
 *
 * @param ref       reference window (the record's REF in place of the genome under the WARN policy)
 * @param alt       the same left flank, ALT in place of REF, then reference bases up to the length
 * @param refOffset 0-based offset of the allele's first base in both windows
 */
public record Windows(String ref, String alt, int refOffset) {}
