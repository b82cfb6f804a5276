package io.seqbind.core.simulate;

import java.util.List;
import java.util.NoSuchElementException;

/**
 * A small synthetic genome with its ground truth: contigs of background sequence, peaks built around
 * clusters of planted motif sites, and site-free background regions from which negatives and neutral
 * variants are drawn.
 *
 * @param contigs           in file order
 * @param peaks             sorted by contig order then start
 * @param sites             every planted site, sorted by contig order then start
 * @param backgroundRegions stretches that hold no planted site, sorted like the peaks
 */
public record SyntheticGenome(
    List<Contig> contigs, List<Peak> peaks, List<GenomicSite> sites, List<GenomicInterval> backgroundRegions) {

  public SyntheticGenome {
    contigs = List.copyOf(contigs);
    peaks = List.copyOf(peaks);
    sites = List.copyOf(sites);
    backgroundRegions = List.copyOf(backgroundRegions);
  }

  /**
   * One contig.
   *
   * @param name     e.g. {@code chrS1}
   * @param sequence upper-case ACGT
   */
  public record Contig(String name, String sequence) {
    public int length() {
      return sequence.length();
    }
  }

  public Contig contig(String name) {
    return contigs.stream().filter(c -> c.name().equals(name)).findFirst()
        .orElseThrow(() -> new NoSuchElementException("no contig " + name));
  }

  /** Position of the contig in file order, for sorting. */
  public int contigIndex(String name) {
    for (int i = 0; i < contigs.size(); i++) {
      if (contigs.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new NoSuchElementException("no contig " + name);
  }

  /** The bases of an interval. */
  public String bases(GenomicInterval interval) {
    return contig(interval.contig()).sequence().substring(interval.start(), interval.end());
  }

  public long totalLength() {
    return contigs.stream().mapToLong(Contig::length).sum();
  }

  /** The sites of the named peak, by start. */
  public List<GenomicSite> sitesOf(String peakName) {
    return sites.stream().filter(s -> s.peak().equals(peakName)).toList();
  }
}
