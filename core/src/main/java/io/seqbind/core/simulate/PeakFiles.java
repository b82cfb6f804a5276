package io.seqbind.core.simulate;

import io.seqbind.core.io.AtomicFiles;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Writes the peaks as ENCODE narrowPeak (BED6+4: chrom, chromStart, chromEnd, name, score, strand,
 * signalValue, pValue, qValue, peak = summit offset from chromStart) and the planted sites as BED6 (name =
 * motif, score = 1000 x the site's log-odds over the motif's best, strand = the motif's strand). Both are
 * sorted by contig order then start, as tabix and bedtools expect.
 */
final class PeakFiles {

  private PeakFiles() {}

  static void writeNarrowPeak(SyntheticGenome genome, Path path) throws IOException {
    List<Peak> peaks = genome.peaks().stream()
        .sorted(Comparator.comparingInt((Peak p) -> genome.contigIndex(p.contig())).thenComparingInt(Peak::start))
        .toList();
    AtomicFiles.writeText(path, out -> {
      for (Peak p : peaks) {
        line(out, p.contig(), Integer.toString(p.start()), Integer.toString(p.end()), p.name(),
            Integer.toString(p.score()), ".", decimal(p.signalValue()), decimal(p.pValue()), decimal(p.qValue()),
            Integer.toString(p.summitOffset()));
      }
    });
  }

  static void writeSitesBed(SyntheticGenome genome, Path path) throws IOException {
    List<GenomicSite> sites = genome.sites().stream()
        .sorted(Comparator.comparingInt((GenomicSite s) -> genome.contigIndex(s.contig()))
            .thenComparingInt(GenomicSite::start))
        .toList();
    AtomicFiles.writeText(path, out -> {
      for (GenomicSite s : sites) {
        Pwm motif = KnownMotifs.get(s.motif());
        double fraction = motif.logOdds(s.motifOrientedBases(), Background.uniform())
            / motif.maxLogOdds(Background.uniform());
        long score = Math.max(0, Math.min(1000, Math.round(1000 * fraction)));
        line(out, s.contig(), Integer.toString(s.start()), Integer.toString(s.end()), s.motif(),
            Long.toString(score), String.valueOf(s.strand().symbol()));
      }
    });
  }

  private static String decimal(double x) {
    return String.format(Locale.ROOT, "%.3f", x);
  }

  private static void line(Writer out, String... fields) throws IOException {
    out.write(String.join("\t", fields));
    out.write('\n');
  }
}
