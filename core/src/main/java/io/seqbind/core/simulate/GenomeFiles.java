package io.seqbind.core.simulate;

import htsjdk.samtools.SAMSequenceDictionary;
import htsjdk.samtools.SAMSequenceRecord;
import htsjdk.samtools.reference.FastaReferenceWriter;
import htsjdk.samtools.reference.FastaReferenceWriterBuilder;
import io.seqbind.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the synthetic genome as FASTA plus its samtools {@code .fai} index and Picard {@code .dict}
 * sequence dictionary (which htsjdk's and GATK's reference readers look for) with htsjdk's reference
 * writer, each file through {@link AtomicFiles}; the FASTA is renamed into place before its index and
 * dictionary, so neither exists without the FASTA it describes.
 */
final class GenomeFiles {

  static final int LINE_WIDTH = 60;

  private GenomeFiles() {}

  static void write(SyntheticGenome genome, Path fasta, Path fai, Path dict) throws IOException {
    AtomicFiles.write(dict, dictOut -> AtomicFiles.write(fai, faiOut -> AtomicFiles.write(fasta, fastaOut -> {
      try (FastaReferenceWriter writer = new FastaReferenceWriterBuilder()
          .setFastaOutput(fastaOut)
          .setIndexOutput(faiOut)
          .setDictOutput(dictOut)
          .setBasesPerLine(LINE_WIDTH)
          .build()) {
        for (SyntheticGenome.Contig contig : genome.contigs()) {
          writer.startSequence(contig.name()).appendBases(contig.sequence());
        }
      }
    })));
  }

  /** The contigs with their lengths, as the VCF header and htsjdk want them. */
  static SAMSequenceDictionary dictionary(SyntheticGenome genome) {
    List<SAMSequenceRecord> records = genome.contigs().stream()
        .map(c -> new SAMSequenceRecord(c.name(), c.length()))
        .toList();
    return new SAMSequenceDictionary(records);
  }
}
