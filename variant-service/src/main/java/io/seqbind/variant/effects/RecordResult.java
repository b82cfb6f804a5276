package io.seqbind.variant.effects;

import java.util.List;

/** A record with its allele outcomes, in ALT order. */
public record RecordResult(VariantInput input, List<AlleleResult> alleles) {}
