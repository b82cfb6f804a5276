package io.seqbind.core.simulate;

import io.seqbind.core.io.FastaWriter;
import io.seqbind.core.io.SeqTableWriter;
import io.seqbind.core.seq.LabeledSequence;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The single entry point of {@code seqbind simulate}: writes a complete, self-consistent demo data set
 * into a directory, deterministically for the config's seed. Every file goes through a temporary name
 * and a rename, so a crash leaves whole files or none.
 *
 * <ul>
 *   <li>{@code genome.fa}, {@code genome.fa.fai}, {@code genome.dict}: the synthetic genome (up to 3
 *       contigs), its samtools index and its sequence dictionary
 *   <li>{@code peaks.narrowPeak}: ENCODE narrowPeak around planted motif clusters, sorted
 *   <li>{@code sites.bed}: every planted site, the ground truth
 *   <li>{@code train.seq.gz}, {@code test.seq.gz}: DeepBind tables, positives from peak summits and
 *       negatives from site-free background windows ({@code train.fa}, {@code test.fa} likewise)
 *   <li>{@code variants.vcf}: SNVs that break planted sites, background SNVs, indels and a multi-allelic
 *       record, with INFO fields telling which is which
 * </ul>
 */
public final class DemoDataWriter {

  public static final String GENOME_FASTA = "genome.fa";
  public static final String GENOME_DICT = "genome.dict";
  public static final String PEAKS = "peaks.narrowPeak";
  public static final String SITES = "sites.bed";
  public static final String TRAIN_SEQ = "train.seq.gz";
  public static final String TEST_SEQ = "test.seq.gz";
  public static final String TRAIN_FASTA = "train.fa";
  public static final String TEST_FASTA = "test.fa";
  public static final String VARIANTS = "variants.vcf";

  private DemoDataWriter() {}

  /** Simulates with {@code config} and writes the files into {@code directory} (created if missing). */
  public static DemoData write(SimulationConfig config, Path directory) throws IOException {
    Files.createDirectories(directory);
    SyntheticGenome genome = new GenomeSimulator(config).simulate();
    int motifVariants = Math.max(2, config.count() / 5);
    List<SimulatedVariant> variants = new VariantSimulator(genome).simulate(motifVariants, config.seed());
    PeakSequenceSets sets = PeakSequenceSets.cut(genome, config.pwms(), config.length(), config.testFraction(),
        config.seed());

    Path fasta = directory.resolve(GENOME_FASTA);
    Path fai = directory.resolve(GENOME_FASTA + ".fai");
    Path dict = directory.resolve(GENOME_DICT);
    GenomeFiles.write(genome, fasta, fai, dict);
    Path peaks = directory.resolve(PEAKS);
    PeakFiles.writeNarrowPeak(genome, peaks);
    Path sites = directory.resolve(SITES);
    PeakFiles.writeSitesBed(genome, sites);

    SeqTableWriter table = new SeqTableWriter(sets.labelColumns());
    Path trainSeq = directory.resolve(TRAIN_SEQ);
    Path testSeq = directory.resolve(TEST_SEQ);
    table.write(trainSeq, sets.train());
    table.write(testSeq, sets.test());
    Path trainFasta = null;
    Path testFasta = null;
    if (config.writeFasta()) {
      trainFasta = directory.resolve(TRAIN_FASTA);
      testFasta = directory.resolve(TEST_FASTA);
      writeFasta(trainFasta, sets.train());
      writeFasta(testFasta, sets.test());
    }
    Path vcf = directory.resolve(VARIANTS);
    VcfFiles.write(genome, variants, GENOME_FASTA, vcf);

    int inMotif = (int) variants.stream().filter(SimulatedVariant::inMotif).count();
    return new DemoData(directory, fasta, fai, dict, peaks, sites, trainSeq, testSeq, trainFasta, testFasta, vcf,
        sets.labelColumns(), genome.contigs().size(), genome.totalLength(), genome.peaks().size(),
        genome.sites().size(), sets.train().size(), sets.test().size(), variants.size(), inMotif);
  }

  private static void writeFasta(Path path, List<LabeledSequence> records) throws IOException {
    new FastaWriter().write(path, records.stream()
        .map(r -> new FastaWriter.Record(r.id(), r.sequence()))
        .toList());
  }
}
