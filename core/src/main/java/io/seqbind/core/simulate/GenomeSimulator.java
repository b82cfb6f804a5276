package io.seqbind.core.simulate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * Builds a small synthetic genome with ChIP-seq-like peaks, so the peaks-plus-genome path of the
 * pipeline (and the variant tool) can be exercised without real data.
 *
 * <p>Layout: the genome is cut into equal slots of {@code max(400, 4 x length)} bases, twice as many as
 * peaks; a random half become peaks, the rest site-free background regions; slots go to three contigs
 * (about 50/30/20%, fewer contigs for tiny counts) and each contig ends in a short random tail. In a peak
 * slot the summit lies near the middle; a site of the peak's motif is centred on the summit and 0..k-1
 * more go to free places inside the {@code length}-bp summit window, so the DeepBind-style positive holds
 * the whole cluster. Peaks take the configured motifs in turn. Peak edges are drawn on either side of the
 * summit, inside the slot, so peaks never overlap.
 */
public final class GenomeSimulator {

  /** Salt that separates this generator's random stream from the other parts of the demo. */
  static final long SALT = 0x67656E6F6D65L; // "genome"

  private static final double[] CONTIG_SHARE = {0.5, 0.3, 0.2};

  private final SimulationConfig config;

  public GenomeSimulator(SimulationConfig config) {
    this.config = config;
  }

  /** Bases per slot: room for a peak (or background region) and margin around it. */
  public int slotLength() {
    return Math.max(400, 4 * config.length());
  }

  public SyntheticGenome simulate() {
    Random rng = new Random(config.seed() ^ SALT);
    List<Pwm> motifs = config.pwms();
    Background background = Background.ofGc(config.gc());
    SiteSampler sampler = new SiteSampler(SequenceSetConfig.DEFAULT_MIN_SITE_SCORE_FRACTION);
    int slot = slotLength();

    int totalSlots = 2 * config.count();
    List<Boolean> isPeak = new ArrayList<>(totalSlots);
    for (int i = 0; i < totalSlots; i++) {
      isPeak.add(i < config.count());
    }
    Collections.shuffle(isPeak, rng);

    List<SyntheticGenome.Contig> contigs = new ArrayList<>();
    List<Peak> peaks = new ArrayList<>();
    List<GenomicSite> sites = new ArrayList<>();
    List<GenomicInterval> backgroundRegions = new ArrayList<>();
    int[] slotsPerContig = splitSlots(totalSlots);
    int nextSlot = 0;
    for (int c = 0; c < slotsPerContig.length; c++) {
      String name = "chrS" + (c + 1);
      int tail = 1 + rng.nextInt(slot / 2);
      StringBuilder seq = new StringBuilder(background.sample(rng, slotsPerContig[c] * slot + tail));
      for (int k = 0; k < slotsPerContig[c]; k++, nextSlot++) {
        int slotStart = k * slot;
        if (isPeak.get(nextSlot)) {
          Pwm motif = motifs.get(peaks.size() % motifs.size());
          String peakName = String.format("peak_%04d", peaks.size() + 1);
          List<GenomicSite> cluster = plantCluster(seq, name, slotStart, motif, peakName, sampler, rng);
          peaks.add(peakAround(name, slotStart, cluster, motif, peakName, rng));
          cluster.sort(Comparator.comparingInt(GenomicSite::start));
          sites.addAll(cluster);
        } else {
          backgroundRegions.add(new GenomicInterval(name, slotStart, slotStart + slot));
        }
      }
      contigs.add(new SyntheticGenome.Contig(name, seq.toString()));
    }
    return new SyntheticGenome(contigs, peaks, sites, backgroundRegions);
  }

  /** Slots per contig: shares of 50/30/20%, at least one each, as many contigs as there are slots up to 3. */
  private static int[] splitSlots(int totalSlots) {
    int n = Math.min(CONTIG_SHARE.length, totalSlots);
    int[] out = new int[n];
    int used = 0;
    for (int c = 0; c < n - 1; c++) {
      out[c] = Math.max(1, (int) Math.round(totalSlots * CONTIG_SHARE[c]));
      out[c] = Math.min(out[c], totalSlots - used - (n - 1 - c)); // leave one for each later contig
      used += out[c];
    }
    out[n - 1] = totalSlots - used;
    return out;
  }

  /** Plants the cluster of one peak; the first site returned is the one centred on the summit. */
  private List<GenomicSite> plantCluster(StringBuilder seq, String contig, int slotStart, Pwm motif,
      String peakName, SiteSampler sampler, RandomGenerator rng) {
    int slot = slotLength();
    int jitter = slot / 8;
    int summit = slotStart + slot / 2 - jitter + rng.nextInt(2 * jitter + 1);
    int windowStart = summit - config.length() / 2;
    int windowEnd = windowStart + config.length();
    int w = motif.width();

    Occupancy occupancy = new Occupancy(Math.min(windowStart, summit - w / 2));
    List<GenomicSite> cluster = new ArrayList<>();
    int sites = 1 + rng.nextInt(config.maxSitesPerPeak());
    for (int k = 0; k < sites; k++) {
      int start = k == 0 ? summit - w / 2 : occupancy.randomFreeStart(windowStart, windowEnd, w, rng);
      if (start < 0) {
        break; // the window is too fragmented for another site; the truth lists what was planted
      }
      Strand strand = rng.nextBoolean() ? Strand.PLUS : Strand.MINUS;
      String bases = sampler.sample(motif, strand, rng);
      occupancy.occupy(start, w);
      Bases.overwrite(seq, start, bases);
      cluster.add(new GenomicSite(contig, start, motif.name(), strand, bases, peakName));
    }
    return cluster;
  }

  /** The narrowPeak record around a cluster: edges drawn inside the slot, signal from the sites' scores. */
  private Peak peakAround(String contig, int slotStart, List<GenomicSite> cluster, Pwm motif, String name,
      RandomGenerator rng) {
    int slot = slotLength();
    GenomicSite central = cluster.get(0);
    int summit = central.start() + motif.width() / 2;
    int minHalf = config.length() / 2 + 5;
    int maxHalf = Math.max(minHalf, 3 * slot / 8 - 2);
    int left = minHalf + rng.nextInt(maxHalf - minHalf + 1);
    int right = minHalf + rng.nextInt(maxHalf - minHalf + 1);
    int start = Math.max(slotStart, summit - left);
    int end = Math.min(slotStart + slot, summit + right + 1);

    double best = motif.maxLogOdds(Background.uniform());
    double strength = 0;
    for (GenomicSite site : cluster) {
      strength += motif.logOdds(site.motifOrientedBases(), Background.uniform()) / best;
    }
    double signal = round3(8 * strength + 4 * rng.nextDouble());
    double p = round3(3 + 2.5 * signal);
    double q = round3(Math.max(0, p - 2));
    int score = (int) Math.min(1000, Math.round(40 * signal));
    return new Peak(contig, start, end, name, score, signal, p, q, summit - start, motif.name());
  }

  private static double round3(double x) {
    return Math.round(x * 1000) / 1000.0;
  }
}
