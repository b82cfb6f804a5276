package io.seqbind.variant.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.seqbind.core.fuzz.FuzzChecks;
import io.seqbind.core.io.InputFormatException;
import io.seqbind.core.io.ReferenceGenome;
import io.seqbind.proto.v1.RefMismatchPolicy;
import io.seqbind.proto.v1.StrandMode;
import io.seqbind.variant.effects.EffectEngine;
import io.seqbind.variant.effects.EffectOptions;
import io.seqbind.variant.effects.RefMismatchException;
import io.seqbind.variant.effects.VariantInput;
import io.seqbind.variant.effects.VcfSource;
import io.seqbind.variant.testing.Fixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * VCF windows: records read by the variant service's VcfSource and checked by EffectEngine against a small
 * reference (contig, position, REF) before their windows are scored by the in-process PWM scorer. The first
 * byte picks the REF-mismatch policy and the strand mode; the rest is the VCF.
 */
class VcfFuzzTest {

  private static final int MAX_RECORDS = 64;
  private static final Path DIR = FuzzChecks.scratch("vcf");
  private static final Fixture FIXTURE = fixture();

  private static Fixture fixture() {
    try {
      return new Fixture(DIR);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @FuzzTest
  void vcf(byte[] data) {
    int head = data.length == 0 ? 0 : data[0] & 0xff;
    byte[] input = data.length == 0 ? data : Arrays.copyOfRange(data, 1, data.length);
    RefMismatchPolicy policy = RefMismatchPolicy.forNumber(1 + head % 3);
    StrandMode strand = (head & 4) == 0 ? StrandMode.STRAND_MODE_BOTH : StrandMode.STRAND_MODE_MODEL;
    Path file = FuzzChecks.write(DIR.resolve("input.vcf"), input);
    List<String> allowed = List.of(file.toString(), FIXTURE.genome.fasta.toString());
    List<VariantInput> records = new ArrayList<>();
    FuzzChecks.expect(input, allowed, () -> {
      try (VcfSource source = VcfSource.open(file)) {
        while (source.hasNext() && records.size() < MAX_RECORDS) {
          records.add(source.next());
        }
      }
    }, InputFormatException.class);
    if (records.isEmpty()) {
      return;
    }
    FuzzChecks.expect(input, allowed, () -> {
      try (ReferenceGenome genome = ReferenceGenome.open(FIXTURE.genome.fasta)) {
        EffectOptions options = new EffectOptions(List.of(FIXTURE.bind, FIXTURE.reg), strand, policy, false);
        new EffectEngine(FIXTURE.windowScorer, genome, options).score(records);
      }
    }, InputFormatException.class, RefMismatchException.class);
  }
}
