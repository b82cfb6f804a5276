package io.seqbind.core.io;

import java.util.Objects;

/**
 * One FASTA record.
 *
 * @param name        the header's first word (the text after {@code >} up to the first whitespace)
 * @param description the rest of the header after that whitespace, trimmed; empty if none
 * @param sequence    the bases of all sequence lines joined, case kept as in the file (soft-masking is
 *                    information; the encoder ignores case)
 */
public record FastaRecord(String name, String description, String sequence) {

  public FastaRecord {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(sequence, "sequence");
  }
}
