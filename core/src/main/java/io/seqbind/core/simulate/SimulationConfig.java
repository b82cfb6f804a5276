package io.seqbind.core.simulate;

import java.util.List;
import java.util.Locale;

/**
 * Everything {@code seqbind simulate} can be asked for, with defaults small enough that the whole demo
 * data set is written in well under a second. Each CLI option maps to one field; the {@code with*}
 * methods let a caller change one field and keep the others.
 *
 * @param seed            every random draw derives from it: same seed, byte-identical files
 * @param motifs          names of {@link KnownMotifs}, one task each (case-insensitive)
 * @param count           number of peaks in the synthetic genome (the positives); as many background
 *                        windows are kept for negatives
 * @param length          bases per training/test sequence (DeepBind's ChIP-seq sets use 101)
 * @param gc              GC fraction of the genome background
 * @param maxSitesPerPeak each peak holds a cluster of 1..this many sites of its motif
 * @param testFraction    fraction of peaks (and of background windows) held out for the test set
 * @param writeFasta      also write the train and test sequences as FASTA
 */
public record SimulationConfig(
    long seed,
    List<String> motifs,
    int count,
    int length,
    double gc,
    int maxSitesPerPeak,
    double testFraction,
    boolean writeFasta) {

  public static final long DEFAULT_SEED = 1;
  public static final List<String> DEFAULT_MOTIFS = List.of("CTCF");
  public static final int DEFAULT_COUNT = 100;
  public static final int DEFAULT_LENGTH = 101;
  public static final double DEFAULT_GC = 0.42;
  public static final int DEFAULT_MAX_SITES_PER_PEAK = 3;
  public static final double DEFAULT_TEST_FRACTION = 0.2;

  /** Bounds that keep the in-memory genome well inside a default heap (it is several times the peaks). */
  public static final int MAX_COUNT = 1_000_000;
  public static final int MAX_LENGTH = 100_000;
  public static final long MAX_PEAK_BASES = 50_000_000;

  public SimulationConfig {
    motifs = motifs.stream().map(m -> m.trim().toUpperCase(Locale.ROOT)).distinct().toList();
    if (motifs.isEmpty()) {
      throw new IllegalArgumentException("name at least one motif; known motifs: " + String.join(", ", KnownMotifs.names()));
    }
    List<Pwm> pwms = KnownMotifs.get(motifs); // an unknown name fails here, listing the known ones
    if (count < 1 || count > MAX_COUNT) {
      throw new IllegalArgumentException("--count must be 1.." + MAX_COUNT + ", got " + count);
    }
    if (length > MAX_LENGTH) {
      throw new IllegalArgumentException("--length must be at most " + MAX_LENGTH + " bp, got " + length);
    }
    if ((long) count * length > MAX_PEAK_BASES) {
      throw new IllegalArgumentException("--count x --length is " + (long) count * length + " bp, expected at most "
          + MAX_PEAK_BASES + " (the simulated genome is built in memory)");
    }
    if (maxSitesPerPeak < 1) {
      throw new IllegalArgumentException("sites per peak must be at least 1, got " + maxSitesPerPeak);
    }
    int widest = pwms.stream().mapToInt(Pwm::width).max().orElseThrow();
    if (length < widest * maxSitesPerPeak) {
      throw new IllegalArgumentException("--length " + length + " is too short: a peak window must hold "
          + maxSitesPerPeak + " site(s) of a " + widest + "-bp motif, so at least " + widest * maxSitesPerPeak);
    }
    if (!(gc > 0 && gc < 1)) {
      throw new IllegalArgumentException("--gc must be strictly between 0 and 1, got " + gc);
    }
    if (!(testFraction >= 0 && testFraction < 1)) {
      throw new IllegalArgumentException("test fraction must be in [0, 1), got " + testFraction);
    }
  }

  /** One CTCF task, 100 peaks, 101-bp sequences, GC 0.42, up to 3 sites per peak, 20% test, FASTA on. */
  public static SimulationConfig defaults() {
    return new SimulationConfig(DEFAULT_SEED, DEFAULT_MOTIFS, DEFAULT_COUNT, DEFAULT_LENGTH, DEFAULT_GC,
        DEFAULT_MAX_SITES_PER_PEAK, DEFAULT_TEST_FRACTION, true);
  }

  public SimulationConfig withSeed(long seed) {
    return new SimulationConfig(seed, motifs, count, length, gc, maxSitesPerPeak, testFraction, writeFasta);
  }

  public SimulationConfig withMotifs(List<String> motifs) {
    return new SimulationConfig(seed, motifs, count, length, gc, maxSitesPerPeak, testFraction, writeFasta);
  }

  public SimulationConfig withCount(int count) {
    return new SimulationConfig(seed, motifs, count, length, gc, maxSitesPerPeak, testFraction, writeFasta);
  }

  public SimulationConfig withLength(int length) {
    return new SimulationConfig(seed, motifs, count, length, gc, maxSitesPerPeak, testFraction, writeFasta);
  }

  public SimulationConfig withGc(double gc) {
    return new SimulationConfig(seed, motifs, count, length, gc, maxSitesPerPeak, testFraction, writeFasta);
  }

  public SimulationConfig withMaxSitesPerPeak(int maxSitesPerPeak) {
    return new SimulationConfig(seed, motifs, count, length, gc, maxSitesPerPeak, testFraction, writeFasta);
  }

  public SimulationConfig withTestFraction(double testFraction) {
    return new SimulationConfig(seed, motifs, count, length, gc, maxSitesPerPeak, testFraction, writeFasta);
  }

  public SimulationConfig withFasta(boolean writeFasta) {
    return new SimulationConfig(seed, motifs, count, length, gc, maxSitesPerPeak, testFraction, writeFasta);
  }

  /** The motifs, looked up. */
  public List<Pwm> pwms() {
    return KnownMotifs.get(motifs);
  }

  /**
   * The same request as a stand-alone sequence set (no genome): {@code count} sequences per class, so
   * 2 x count in all, half positive per task, 1..maxSitesPerPeak sites per positive.
   */
  public SequenceSetConfig toSequenceSetConfig() {
    return new SequenceSetConfig(pwms(), 2 * count, length, 0.5, maxSitesPerPeak, gc, false,
        SequenceSetConfig.DEFAULT_MIN_SITE_SCORE_FRACTION);
  }
}
