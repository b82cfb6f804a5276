package io.seqbind.variant.effects;

import htsjdk.variant.variantcontext.VariantContext;
import io.seqbind.proto.v1.VariantRecord;

/**
 * One variant record as read, before any checking against the reference.
 *
 * @param index    0-based record index in the input (after region selection)
 * @param record   chrom, 1-based pos, id, REF and the ALT alleles as written (symbolic ones included)
 * @param filtered true when FILTER is set and is neither PASS nor "."
 * @param where    where the record came from, for messages ({@code file.vcf:12} or {@code record 7})
 * @param context  the htsjdk record when read from a VCF (needed to write the annotated VCF), else null
 */
public record VariantInput(long index, VariantRecord record, boolean filtered, String where,
    VariantContext context) {

  /** {@code chrom:pos id} as people read it in messages. */
  public String describe() {
    String id = record.getId().isEmpty() || record.getId().equals(".") ? "" : " (" + record.getId() + ")";
    return where + ": " + record.getChrom() + ":" + record.getPos() + id;
  }
}
