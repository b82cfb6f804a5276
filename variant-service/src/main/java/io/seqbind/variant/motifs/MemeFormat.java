package io.seqbind.variant.motifs;

import java.util.List;
import java.util.Locale;

/**
 * Motifs as a MEME minimal-format document (MEME version 4), which Tomtom and the other MEME Suite tools
 * read: DNA alphabet ACGT, both strands, a uniform background, and one letter-probability matrix per filter
 * named {@code filter_<index>} with its site count. Filters without sites are left out, since a
 * letter-probability matrix must have columns summing to 1.
 */
public final class MemeFormat {

  private MemeFormat() {}

  public static String write(List<Motif> motifs) {
    StringBuilder out = new StringBuilder();
    out.append("MEME version 4\n\n");
    out.append("ALPHABET= ACGT\n\n");
    out.append("strands: + -\n\n");
    out.append("Background letter frequencies\n");
    out.append("A 0.25 C 0.25 G 0.25 T 0.25\n\n");
    for (Motif m : motifs) {
      if (m.sites() == 0) {
        continue;
      }
      out.append("MOTIF filter_").append(m.filter()).append('\n');
      out.append(String.format(Locale.ROOT, "letter-probability matrix: alength= 4 w= %d nsites= %d E= 0%n",
          m.width(), m.sites()));
      for (int j = 0; j < m.width(); j++) {
        double[][] f = m.frequencies();
        out.append(String.format(Locale.ROOT, " %.6f %.6f %.6f %.6f%n", f[0][j], f[1][j], f[2][j], f[3][j]));
      }
      out.append('\n');
    }
    return out.toString();
  }
}
