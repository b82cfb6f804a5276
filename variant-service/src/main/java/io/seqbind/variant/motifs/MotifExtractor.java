package io.seqbind.variant.motifs;

import io.seqbind.core.seq.Alphabet;
import io.seqbind.core.seq.OneHot;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Turns first-layer filters into motifs the way DeepBind and Basset do: each filter is slid over every
 * sequence of a set (and, when asked, its reverse complement); windows whose activation reaches
 * {@code threshold} times the filter's largest activation over the whole set are its sites; the sites'
 * bases, aligned at their start, give the position frequency matrix. By default only the best site per
 * sequence (and strand) counts, DeepBind's rule; with {@code allSites} every window above the threshold
 * does (Basset's). A filter whose largest activation is not positive never fires after the ReLU and gets
 * no sites.
 *
 * <p>Two passes over the encoded set (maximum, then sites), so activations are never stored.
 */
public final class MotifExtractor {

  /** Basset's default fraction of the maximum activation. */
  public static final double DEFAULT_THRESHOLD = 0.5;

  private MotifExtractor() {}

  /**
   * @param sequences upper- or lower-case bases, each at least the filter width long and free of
   *     non-base characters (the caller checks and reports those)
   * @param threshold in (0, 1]
   * @param progress  called with the number of sequences done in the second pass
   */
  public static List<Motif> extract(FirstLayerFilters filters, List<String> sequences, double threshold,
      boolean allSites, boolean bothStrands, IntConsumer progress) {
    if (!(threshold > 0 && threshold <= 1)) {
      throw new IllegalArgumentException("threshold fraction " + threshold + ", expected a value in (0, 1]");
    }
    int width = filters.width();
    List<String> strands = new ArrayList<>();
    for (String s : sequences) {
      if (s.length() < width) {
        throw new IllegalArgumentException("a sequence of " + s.length() + " bases is shorter than the filter width "
            + width);
      }
      strands.add(s);
      if (bothStrands) {
        strands.add(Alphabet.DNA.reverseComplement(s));
      }
    }
    int f = filters.count();
    float[] max = new float[f];
    java.util.Arrays.fill(max, Float.NEGATIVE_INFINITY);
    for (String s : strands) {
      float[] x = OneHot.encode(s);
      for (int k = 0; k < f; k++) {
        for (int start = 0; start + width <= s.length(); start++) {
          max[k] = Math.max(max[k], filters.activation(k, x, s.length(), start));
        }
      }
    }

    double[][][] counts = new double[f][4][width];
    long[] sites = new long[f];
    int done = 0;
    for (int i = 0; i < strands.size(); i++) {
      String s = strands.get(i);
      int length = s.length();
      float[] x = OneHot.encode(s);
      for (int k = 0; k < f; k++) {
        if (!(max[k] > 0)) {
          continue;
        }
        float cut = (float) (threshold * max[k]);
        int best = -1;
        float bestValue = Float.NEGATIVE_INFINITY;
        for (int start = 0; start + width <= length; start++) {
          float a = filters.activation(k, x, length, start);
          if (a >= cut) {
            if (allSites) {
              addSite(counts[k], x, length, start, width);
              sites[k]++;
            } else if (a > bestValue) {
              best = start;
              bestValue = a;
            }
          }
        }
        if (!allSites && best >= 0) {
          addSite(counts[k], x, length, best, width);
          sites[k]++;
        }
      }
      if (!bothStrands || i % 2 == 1) {
        progress.accept(++done);
      }
    }

    List<Motif> motifs = new ArrayList<>(f);
    for (int k = 0; k < f; k++) {
      double[][] pfm = new double[4][width];
      double[] ic = new double[width];
      for (int j = 0; j < width; j++) {
        for (int b = 0; b < 4; b++) {
          pfm[b][j] = sites[k] > 0 ? counts[k][b][j] / sites[k] : 0;
        }
        ic[j] = Motif.information(pfm, j);
      }
      motifs.add(new Motif(k, width, sites[k], max[k], pfm, ic));
    }
    return motifs;
  }

  /** One-hot already holds 0.25 per base for N, which is exactly the PFM rule for ambiguous bases. */
  private static void addSite(double[][] counts, float[] x, int length, int start, int width) {
    for (int b = 0; b < 4; b++) {
      for (int j = 0; j < width; j++) {
        counts[b][j] += x[b * length + start + j];
      }
    }
  }
}
