package io.seqbind.core.simulate;

import io.seqbind.core.seq.LabeledSequence;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * Makes a labelled sequence set with planted motif sites, the simplest data on which a DeepBind model
 * must learn a known motif: background bases drawn independently at a set GC content; for each task (one
 * per motif) an exact number of sequences chosen at random carry 1..k sites of that motif at random free
 * positions on a random strand; the others carry none. The same config and seed give the same set, since
 * everything is drawn from one {@link Random} in a fixed order.
 */
public final class SequenceSimulator {

  private final SequenceSetConfig config;

  public SequenceSimulator(SequenceSetConfig config) {
    this.config = config;
  }

  /** The set for {@code seed}. */
  public SimulatedSet simulate(long seed) {
    RandomGenerator rng = new Random(seed);
    int count = config.count();
    int tasks = config.motifs().size();
    boolean[][] positive = choosePositives(rng, count, tasks);
    SiteSampler sampler = new SiteSampler(config.minSiteScoreFraction());
    Background background = Background.ofGc(config.gc());

    String[] sequences = new String[count];
    List<PlantedSite> sites = new ArrayList<>();
    List<Double> siteCarrierGc = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      if (anyTrue(positive[i])) {
        StringBuilder seq = new StringBuilder(background.sample(rng, config.length()));
        List<PlantedSite> planted = plant(seq, i, positive[i], sampler, rng);
        planted.sort(Comparator.comparingInt(PlantedSite::start));
        sites.addAll(planted);
        sequences[i] = seq.toString();
        siteCarrierGc.add(Background.gcFraction(sequences[i]));
      }
    }
    int siteFree = 0;
    for (int i = 0; i < count; i++) {
      if (sequences[i] == null) {
        Background bg = background;
        if (config.matchNegativeGc() && !siteCarrierGc.isEmpty()) {
          double gc = siteCarrierGc.get(siteFree % siteCarrierGc.size());
          bg = Background.ofGc(Math.min(0.99, Math.max(0.01, gc)));
        }
        sequences[i] = bg.sample(rng, config.length());
        siteFree++;
      }
    }

    List<LabeledSequence> records = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      double[] labels = new double[tasks];
      for (int t = 0; t < tasks; t++) {
        labels[t] = positive[i][t] ? 1 : 0;
      }
      records.add(new LabeledSequence(String.format("seq_%05d", i + 1), sequences[i], labels));
    }
    List<String> names = config.motifs().stream().map(Pwm::name).toList();
    return new SimulatedSet(names, records, sites);
  }

  /** For each task, exactly round(count * fraction) sequences chosen uniformly: positive[sequence][task]. */
  private boolean[][] choosePositives(RandomGenerator rng, int count, int tasks) {
    int perTask = (int) Math.round(count * config.positiveFraction());
    boolean[][] positive = new boolean[count][tasks];
    int[] order = new int[count];
    for (int t = 0; t < tasks; t++) {
      for (int i = 0; i < count; i++) {
        order[i] = i;
      }
      for (int i = count - 1; i > 0; i--) { // Fisher-Yates
        int j = rng.nextInt(i + 1);
        int tmp = order[i];
        order[i] = order[j];
        order[j] = tmp;
      }
      for (int k = 0; k < perTask; k++) {
        positive[order[k]][t] = true;
      }
    }
    return positive;
  }

  private List<PlantedSite> plant(StringBuilder seq, int index, boolean[] positiveFor, SiteSampler sampler,
      RandomGenerator rng) {
    Occupancy occupancy = new Occupancy();
    List<PlantedSite> planted = new ArrayList<>();
    for (int t = 0; t < positiveFor.length; t++) {
      if (!positiveFor[t]) {
        continue;
      }
      Pwm pwm = config.motifs().get(t);
      int n = 1 + rng.nextInt(config.maxSitesPerPositive());
      for (int k = 0; k < n; k++) {
        Strand strand = rng.nextBoolean() ? Strand.PLUS : Strand.MINUS;
        String bases = sampler.sample(pwm, strand, rng);
        int start = occupancy.randomFreeStart(0, seq.length(), pwm.width(), rng);
        if (start < 0) {
          throw new IllegalStateException("sequence " + index + ": no free stretch of " + pwm.width()
              + " bases left for another " + pwm.name() + " site; use longer sequences or fewer sites");
        }
        occupancy.occupy(start, pwm.width());
        Bases.overwrite(seq, start, bases);
        planted.add(new PlantedSite(index, pwm.name(), t, start, strand, bases));
      }
    }
    return planted;
  }

  private static boolean anyTrue(boolean[] values) {
    for (boolean v : values) {
      if (v) {
        return true;
      }
    }
    return false;
  }
}
