package io.seqbind.cli.report;

import io.seqbind.core.io.InputFormatException;
import io.seqbind.core.simulate.Pwm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Filter motifs from a MEME file ({@code seqbind motifs}) compared with reference motifs, as Tomtom's
 * Pearson-correlation distance does in spirit: for each filter, the reference motif and alignment (offset
 * and strand, at least {@link #MIN_OVERLAP} columns) with the highest mean column-wise Pearson
 * correlation. The report shows the filters with the best matches beside their logos.
 */
public final class MotifMatches {

  /** A filter's motif as read from the MEME file: probabilities [position][A,C,G,T]. */
  public record Motif(String name, int sites, double[][] columns) {}

  /** A filter's best reference match ({@code reference} null when none overlaps enough). */
  public record Match(Motif filter, String reference, double similarity, int offset, boolean reverse) {}

  static final int MIN_OVERLAP = 6;

  private MotifMatches() {}

  /** The motifs of a MEME (minimal format) file, in file order. */
  public static List<Motif> readMeme(Path meme) throws IOException {
    List<Motif> motifs = new ArrayList<>();
    List<String> lines = Files.readAllLines(meme, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      if (!line.startsWith("MOTIF ")) {
        continue;
      }
      String name = line.substring(6).trim().split("\\s+")[0];
      int m = i + 1;
      while (m < lines.size() && !lines.get(m).contains("letter-probability matrix")) {
        m++;
      }
      if (m == lines.size()) {
        throw new InputFormatException(meme.toString(), i + 1, "MOTIF " + name + " without a matrix",
            "a 'letter-probability matrix' line");
      }
      int width = field(lines.get(m), "w=", meme, m + 1);
      int sites = field(lines.get(m), "nsites=", meme, m + 1);
      double[][] columns = new double[width][4];
      for (int j = 0; j < width; j++) {
        int lineNo = m + 2 + j;
        String[] f = lineNo - 1 < lines.size() ? lines.get(lineNo - 1).trim().split("\\s+") : new String[0];
        if (f.length != 4) {
          throw new InputFormatException(meme.toString(), lineNo, "matrix row of " + f.length + " values",
              "4 probabilities (A C G T)");
        }
        for (int b = 0; b < 4; b++) {
          columns[j][b] = Double.parseDouble(f[b]);
        }
      }
      motifs.add(new Motif(name, sites, columns));
      i = m + width;
    }
    return motifs;
  }

  private static int field(String line, String key, Path meme, int lineNo) {
    int at = line.indexOf(key);
    if (at < 0) {
      throw new InputFormatException(meme.toString(), lineNo, "no " + key + " in the matrix line", key + "N");
    }
    String rest = line.substring(at + key.length()).trim().split("\\s+")[0];
    return (int) Math.round(Double.parseDouble(rest));
  }

  /** Every filter with its best match, best matches first. */
  public static List<Match> match(List<Motif> filters, List<Pwm> references) {
    List<Match> out = new ArrayList<>();
    for (Motif f : filters) {
      Match best = new Match(f, null, Double.NEGATIVE_INFINITY, 0, false);
      for (Pwm ref : references) {
        for (boolean reverse : new boolean[] {false, true}) {
          double[][] r = columns(reverse ? ref.reverseComplement() : ref);
          for (int offset = -(r.length - MIN_OVERLAP); offset <= f.columns().length - MIN_OVERLAP; offset++) {
            double s = similarity(f.columns(), r, offset);
            if (s > best.similarity()) {
              best = new Match(f, ref.name(), s, offset, reverse);
            }
          }
        }
      }
      out.add(best.reference() == null ? new Match(f, null, Double.NaN, 0, false) : best);
    }
    out.sort(Comparator.comparingDouble((Match m) -> Double.isNaN(m.similarity()) ? 2 : -m.similarity()));
    return out;
  }

  private static double[][] columns(Pwm pwm) {
    double[][] c = new double[pwm.width()][4];
    for (int j = 0; j < c.length; j++) {
      for (int b = 0; b < 4; b++) {
        c[j][b] = pwm.probability(j, b);
      }
    }
    return c;
  }

  /** Mean Pearson correlation of the overlapping columns, reference column k against filter column k+offset. */
  static double similarity(double[][] filter, double[][] ref, int offset) {
    double sum = 0;
    int n = 0;
    for (int k = 0; k < ref.length; k++) {
      int j = k + offset;
      if (j >= 0 && j < filter.length) {
        sum += pearson(filter[j], ref[k]);
        n++;
      }
    }
    return n < MIN_OVERLAP ? Double.NEGATIVE_INFINITY : sum / n;
  }

  static double pearson(double[] a, double[] b) {
    double ma = (a[0] + a[1] + a[2] + a[3]) / 4;
    double mb = (b[0] + b[1] + b[2] + b[3]) / 4;
    double cov = 0;
    double va = 0;
    double vb = 0;
    for (int i = 0; i < 4; i++) {
      cov += (a[i] - ma) * (b[i] - mb);
      va += (a[i] - ma) * (a[i] - ma);
      vb += (b[i] - mb) * (b[i] - mb);
    }
    // a flat column carries no information: it neither matches nor mismatches
    return va == 0 || vb == 0 ? 0 : cov / Math.sqrt(va * vb);
  }
}
