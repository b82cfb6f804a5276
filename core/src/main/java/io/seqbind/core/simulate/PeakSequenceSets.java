package io.seqbind.core.simulate;

import io.seqbind.core.io.SeqTableWriter;
import io.seqbind.core.seq.LabeledSequence;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.Random;

/**
 * Cuts DeepBind-style training and test sets out of a synthetic genome: positives are the summit-centred
 * windows of peaks (EventID = peak name), negatives the centred windows of site-free background regions
 * (EventID {@code bg_0001...}). A random {@code testFraction} of peaks and, separately, of background
 * regions is held out. Labels come from the truth, one column per motif: 1 when the window holds a whole
 * planted site of that motif. A single-motif set uses DeepBind's {@code Bound} column name.
 *
 * @param labelColumns the label column names
 * @param train        positives then negatives, each in genome order
 * @param test         likewise
 */
record PeakSequenceSets(List<String> labelColumns, List<LabeledSequence> train, List<LabeledSequence> test) {

  static final long SALT = 0x73706C6974L; // "split"

  static PeakSequenceSets cut(SyntheticGenome genome, List<Pwm> motifs, int length, double testFraction,
      long seed) {
    Random rng = new Random(seed ^ SALT);
    boolean[] peakInTest = holdOut(genome.peaks().size(), testFraction, rng);
    boolean[] regionInTest = holdOut(genome.backgroundRegions().size(), testFraction, rng);
    Map<String, NavigableMap<Integer, List<GenomicSite>>> sites = index(genome.sites());

    List<LabeledSequence> train = new ArrayList<>();
    List<LabeledSequence> test = new ArrayList<>();
    for (int i = 0; i < genome.peaks().size(); i++) {
      Peak peak = genome.peaks().get(i);
      GenomicInterval window = peak.summitWindow(length);
      LabeledSequence record = new LabeledSequence(peak.name(), genome.bases(window), labels(sites, motifs, window));
      (peakInTest[i] ? test : train).add(record);
    }
    for (int i = 0; i < genome.backgroundRegions().size(); i++) {
      GenomicInterval window = genome.backgroundRegions().get(i).centredWindow(length);
      LabeledSequence record = new LabeledSequence(String.format("bg_%04d", i + 1), genome.bases(window),
          labels(sites, motifs, window));
      (regionInTest[i] ? test : train).add(record);
    }
    List<String> columns = motifs.size() == 1 ? List.of(SeqTableWriter.DEFAULT_LABEL)
        : motifs.stream().map(Pwm::name).toList();
    return new PeakSequenceSets(columns, train, test);
  }

  /** Exactly round(n x fraction) of n items, chosen uniformly. */
  private static boolean[] holdOut(int n, double fraction, Random rng) {
    List<Integer> order = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    Collections.shuffle(order, rng);
    boolean[] held = new boolean[n];
    int k = (int) Math.round(n * fraction);
    for (int i = 0; i < k; i++) {
      held[order.get(i)] = true;
    }
    return held;
  }

  /** 1 for each motif with a whole planted site inside the window. */
  private static double[] labels(Map<String, NavigableMap<Integer, List<GenomicSite>>> sitesByContig,
      List<Pwm> motifs, GenomicInterval window) {
    double[] labels = new double[motifs.size()];
    NavigableMap<Integer, List<GenomicSite>> onContig = sitesByContig.getOrDefault(window.contig(), new TreeMap<>());
    for (List<GenomicSite> startingHere : onContig.subMap(window.start(), true, window.end(), false).values()) {
      for (GenomicSite site : startingHere) {
        if (site.end() <= window.end()) {
          for (int t = 0; t < motifs.size(); t++) {
            if (motifs.get(t).name().equals(site.motif())) {
              labels[t] = 1;
            }
          }
        }
      }
    }
    return labels;
  }

  private static Map<String, NavigableMap<Integer, List<GenomicSite>>> index(List<GenomicSite> sites) {
    Map<String, NavigableMap<Integer, List<GenomicSite>>> out = new HashMap<>();
    for (GenomicSite site : sites) {
      out.computeIfAbsent(site.contig(), c -> new TreeMap<>())
          .computeIfAbsent(site.start(), s -> new ArrayList<>())
          .add(site);
    }
    return out;
  }
}
