package io.seqbind.variant.testing;

import htsjdk.samtools.reference.FastaSequenceIndexCreator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** A small reference genome written as FASTA (60 bases a line) with its .fai, kept in memory too. */
public final class TestGenome {

  public final Map<String, String> contigs = new LinkedHashMap<>();
  public final Path fasta;

  public TestGenome(Path dir, Map<String, String> contigs) throws IOException {
    this.contigs.putAll(contigs);
    fasta = dir.resolve("genome.fa");
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, String> e : contigs.entrySet()) {
      out.append('>').append(e.getKey()).append('\n');
      String s = e.getValue();
      for (int i = 0; i < s.length(); i += 60) {
        out.append(s, i, Math.min(s.length(), i + 60)).append('\n');
      }
    }
    Files.writeString(fasta, out);
    FastaSequenceIndexCreator.create(fasta, true);
  }

  public static String random(long seed, int length) {
    Random rng = new Random(seed);
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.append("ACGT".charAt(rng.nextInt(4)));
    }
    return s.toString();
  }

  /** 0-based half-open slice of a contig, as the tests cut windows by hand. */
  public String slice(String contig, int start, int end) {
    return contigs.get(contig).substring(start, end);
  }
}
