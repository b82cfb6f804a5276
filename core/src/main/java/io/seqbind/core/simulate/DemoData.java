package io.seqbind.core.simulate;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link DemoDataWriter} wrote: the paths and the counts a CLI prints and a test checks.
 *
 * @param directory       the output directory
 * @param genomeFasta     {@code genome.fa}
 * @param genomeIndex     {@code genome.fa.fai}
 * @param genomeDict      {@code genome.dict}
 * @param peaks           {@code peaks.narrowPeak}
 * @param sites           {@code sites.bed}: every planted site (the truth)
 * @param trainSeq        {@code train.seq.gz}
 * @param testSeq         {@code test.seq.gz}
 * @param trainFasta      {@code train.fa}, or null when FASTA output was off
 * @param testFasta       {@code test.fa}, or null when FASTA output was off
 * @param variants        {@code variants.vcf}
 * @param labelColumns    label columns of the .seq tables
 * @param contigs         number of contigs
 * @param genomeLength    total bases
 * @param peakCount       number of peaks
 * @param siteCount       number of planted sites
 * @param trainCount      rows of the training table (positives + negatives)
 * @param testCount       rows of the test table
 * @param variantCount    VCF records
 * @param motifVariantCount VCF records inside a planted site
 */
public record DemoData(
    Path directory,
    Path genomeFasta,
    Path genomeIndex,
    Path genomeDict,
    Path peaks,
    Path sites,
    Path trainSeq,
    Path testSeq,
    Path trainFasta,
    Path testFasta,
    Path variants,
    List<String> labelColumns,
    int contigs,
    long genomeLength,
    int peakCount,
    int siteCount,
    int trainCount,
    int testCount,
    int variantCount,
    int motifVariantCount) {

  /** Every file written, in a fixed order. */
  public List<Path> files() {
    return java.util.stream.Stream.of(genomeFasta, genomeIndex, genomeDict, peaks, sites, trainSeq, testSeq, trainFasta,
        testFasta, variants).filter(java.util.Objects::nonNull).toList();
  }
}
