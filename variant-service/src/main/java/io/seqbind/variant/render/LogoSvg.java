package io.seqbind.variant.render;

import io.seqbind.variant.motifs.Motif;

/**
 * A sequence logo of a motif: in each column the letters are stacked smallest at the bottom, each as tall
 * as its frequency times the column's information content, on a 0-2 bit axis. Letters with frequency 0
 * are not drawn; each drawn letter has class {@code letter}.
 */
public final class LogoSvg {

  static final double COLUMN = 24;
  static final double BITS_HEIGHT = 50;  // pixels per bit
  static final double MARGIN = 28;

  private LogoSvg() {}

  public static String render(Motif motif) {
    int w = motif.width();
    double width = 2 * MARGIN + w * COLUMN;
    double height = 2 * MARGIN + 2 * BITS_HEIGHT;
    double bottom = MARGIN + 2 * BITS_HEIGHT;
    StringBuilder svg = new StringBuilder(512 + w * 4 * 300);
    svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(Svg.num(width)).append("\" height=\"")
        .append(Svg.num(height)).append("\" viewBox=\"0 0 ").append(Svg.num(width)).append(' ')
        .append(Svg.num(height)).append("\">\n");
    svg.append("<title>filter_").append(motif.filter()).append(", ").append(motif.sites()).append(" sites, ")
        .append(Svg.num(motif.totalInformation())).append(" bits</title>\n");
    svg.append("<line x1=\"").append(Svg.num(MARGIN - 4)).append("\" y1=\"").append(Svg.num(MARGIN))
        .append("\" x2=\"").append(Svg.num(MARGIN - 4)).append("\" y2=\"").append(Svg.num(bottom))
        .append("\" stroke=\"black\"/>\n");
    svg.append("<text x=\"2\" y=\"").append(Svg.num(MARGIN + 4)).append("\" font-size=\"10\">2</text>\n");
    svg.append("<text x=\"2\" y=\"").append(Svg.num(bottom)).append("\" font-size=\"10\">0</text>\n");
    String bases = "ACGT";
    for (int j = 0; j < w; j++) {
      double[][] f = motif.frequencies();
      Integer[] order = {0, 1, 2, 3};
      final int col = j;
      java.util.Arrays.sort(order, (a, b) -> Double.compare(f[a][col], f[b][col]));
      double y = bottom;
      for (int b : order) {
        if (f[b][j] <= 0) {
          continue;
        }
        double h = f[b][j] * motif.information()[j] * BITS_HEIGHT;
        Svg.letter(svg, "letter", bases.charAt(b), MARGIN + j * COLUMN, y, COLUMN, Math.max(h, 0.01));
        y -= h;
      }
    }
    svg.append("</svg>\n");
    return svg.toString();
  }
}
