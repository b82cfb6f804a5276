package io.seqbind.core.simulate;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * Makes variants of a {@link SyntheticGenome} whose effect is known in advance, for the variant tool's
 * tests and demo: SNVs that hit the most informative position of a peak's central site with the base
 * the motif likes least (they should lower a trained model's score), and background variants in site-free
 * regions (they should not), among them two deletions, one insertion and one multi-allelic SNV.
 */
public final class VariantSimulator {

  static final long SALT = 0x76617269616E74L; // "variant"

  private final SyntheticGenome genome;
  private final Map<String, List<GenomicSite>> sitesByPeak;

  public VariantSimulator(SyntheticGenome genome) {
    this.genome = genome;
    this.sitesByPeak = genome.sites().stream().collect(Collectors.groupingBy(GenomicSite::peak));
  }

  /**
   * Variants sorted by contig order then position, IDs {@code simvar_0001...} in that order.
   *
   * @param motifVariants how many peaks get a site-breaking SNV (capped at the number of peaks)
   * @param seed          same seed, same variants
   */
  public List<SimulatedVariant> simulate(int motifVariants, long seed) {
    Random rng = new Random(seed ^ SALT);
    Map<String, BitSet> used = new HashMap<>();
    List<SimulatedVariant> out = new ArrayList<>();

    List<Peak> peaks = new ArrayList<>(genome.peaks());
    Collections.shuffle(peaks, rng);
    int n = Math.min(motifVariants, peaks.size());
    for (int i = 0; i < n; i++) {
      SimulatedVariant v = breakCentralSite(peaks.get(i));
      mark(used, v);
      out.add(v);
    }

    if (!genome.backgroundRegions().isEmpty()) {
      int background = Math.max(2, n);
      for (int i = 0; i < background; i++) {
        out.add(backgroundVariant(rng, used, Kind.SNV));
      }
      out.add(backgroundVariant(rng, used, Kind.DELETION));
      out.add(backgroundVariant(rng, used, Kind.DELETION));
      out.add(backgroundVariant(rng, used, Kind.INSERTION));
      out.add(backgroundVariant(rng, used, Kind.MULTI_ALLELIC));
    }

    out.sort(Comparator.comparingInt((SimulatedVariant v) -> genome.contigIndex(v.contig()))
        .thenComparingInt(SimulatedVariant::position));
    List<SimulatedVariant> named = new ArrayList<>(out.size());
    for (int i = 0; i < out.size(); i++) {
      SimulatedVariant v = out.get(i);
      named.add(new SimulatedVariant(v.contig(), v.position(), String.format("simvar_%04d", i + 1), v.ref(),
          v.alts(), v.motif(), v.motifPosition(), v.site()));
    }
    return named;
  }

  private enum Kind { SNV, DELETION, INSERTION, MULTI_ALLELIC }

  /** The SNV at the central site's most informative position, to the base the motif likes least. */
  private SimulatedVariant breakCentralSite(Peak peak) {
    GenomicSite site = sitesByPeak.getOrDefault(peak.name(), List.of()).stream()
        .filter(s -> s.contains(peak.contig(), peak.summit()))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException(peak.name() + " has no site at its summit"));
    Pwm motif = KnownMotifs.get(site.motif());
    int j = motif.mostInformativePosition();
    int offset = site.strand() == Strand.PLUS ? j : motif.width() - 1 - j;
    int pos0 = site.start() + offset;
    char ref = genome.contig(site.contig()).sequence().charAt(pos0);
    char refOriented = site.strand() == Strand.PLUS ? ref : Bases.complement(ref);
    int altIndex = leastLikelyOther(motif, j, Bases.index(refOriented));
    char altOriented = Bases.letter(altIndex);
    char alt = site.strand() == Strand.PLUS ? altOriented : Bases.complement(altOriented);
    return new SimulatedVariant(site.contig(), pos0 + 1, ".", String.valueOf(ref), List.of(String.valueOf(alt)),
        site.motif(), j + 1, site);
  }

  private static int leastLikelyOther(Pwm motif, int position, int refBase) {
    int worst = -1;
    for (int b = 0; b < 4; b++) {
      if (b != refBase && (worst < 0 || motif.probability(position, b) < motif.probability(position, worst))) {
        worst = b;
      }
    }
    return worst;
  }

  private SimulatedVariant backgroundVariant(Random rng, Map<String, BitSet> used, Kind kind) {
    for (int attempt = 0; attempt < 10_000; attempt++) {
      GenomicInterval region = genome.backgroundRegions().get(rng.nextInt(genome.backgroundRegions().size()));
      int pos0 = region.start() + 1 + rng.nextInt(region.length() - 8); // room for a 4-base deletion
      String seq = genome.contig(region.contig()).sequence();
      BitSet taken = used.computeIfAbsent(region.contig(), k -> new BitSet());
      if (taken.get(Math.max(0, pos0 - 2), pos0 + 8).cardinality() > 0) {
        continue;
      }
      char ref = seq.charAt(pos0);
      SimulatedVariant v = switch (kind) {
        case SNV -> variant(region.contig(), pos0, String.valueOf(ref), List.of(otherBase(ref, rng)));
        case MULTI_ALLELIC -> variant(region.contig(), pos0, String.valueOf(ref), twoOtherBases(ref, rng));
        case DELETION -> {
          int len = 1 + rng.nextInt(3);
          yield variant(region.contig(), pos0, seq.substring(pos0, pos0 + len + 1), List.of(String.valueOf(ref)));
        }
        case INSERTION -> {
          int len = 1 + rng.nextInt(3);
          yield variant(region.contig(), pos0, String.valueOf(ref), List.of(ref + Background.uniform().sample(rng, len)));
        }
      };
      mark(used, v);
      return v;
    }
    throw new IllegalStateException("no free background position left for another variant");
  }

  private static SimulatedVariant variant(String contig, int pos0, String ref, List<String> alts) {
    return new SimulatedVariant(contig, pos0 + 1, ".", ref, alts, null, 0, null);
  }

  private static String otherBase(char ref, Random rng) {
    int r = Bases.index(ref);
    int alt = (r + 1 + rng.nextInt(3)) % 4;
    return String.valueOf(Bases.letter(alt));
  }

  /** Two distinct bases other than REF, in A,C,G,T order. */
  private static List<String> twoOtherBases(char ref, Random rng) {
    int r = Bases.index(ref);
    int skip = (r + 1 + rng.nextInt(3)) % 4; // the one of the three others that is left out
    List<String> alts = new ArrayList<>(2);
    for (int b = 0; b < 4; b++) {
      if (b != r && b != skip) {
        alts.add(String.valueOf(Bases.letter(b)));
      }
    }
    return alts;
  }

  private static void mark(Map<String, BitSet> used, SimulatedVariant v) {
    used.computeIfAbsent(v.contig(), k -> new BitSet()).set(v.position() - 1, v.end());
  }
}
