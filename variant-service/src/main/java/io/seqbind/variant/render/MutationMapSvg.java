package io.seqbind.variant.render;

import io.seqbind.proto.v1.MutationMap;
import java.util.List;

/**
 * Draws a mutation map as DeepBind's Fig. 4 does: the wild-type sequence on top, each letter as tall as
 * its position's importance (the largest loss a substitution causes there), above a 4 x L heat map of the
 * deltas (rows A, C, G, T) in a diverging colour scale symmetric about 0 — blue where a substitution
 * lowers the score, red where it raises it — with the colour scale and its range at the right.
 *
 * <p>Element classes, for styling and tests: {@code letter} (L of them), {@code cell} (4L), {@code marker}
 * (one per marked position), {@code scale-step} (the colour scale).
 */
public final class MutationMapSvg {

  static final double CELL = 16;
  static final double LETTER_AREA = 64;
  static final double MARGIN = 24;
  static final int SCALE_STEPS = 21;

  private MutationMapSvg() {}

  /** A position to mark on the map, for example a VCF variant (0-based column, label shown on hover). */
  public record Marker(int position, String label) {}

  public static String render(String sequence, MutationMap map) {
    return render(sequence, map, List.of());
  }

  public static String render(String sequence, MutationMap map, List<Marker> markers) {
    int length = map.getLength();
    if (sequence.length() != length || map.getDeltasCount() != 4 * length || map.getImportanceCount() != length) {
      throw new IllegalArgumentException("map of task " + map.getTask() + " has " + map.getDeltasCount()
          + " deltas and " + map.getImportanceCount() + " importances for a " + sequence.length()
          + "-base sequence, expected 4L and L with L = " + length);
    }
    float maxImportance = 0f;
    float maxAbs = 0f;
    for (float v : map.getImportanceList()) {
      maxImportance = Math.max(maxImportance, v);
    }
    for (float d : map.getDeltasList()) {
      maxAbs = Math.max(maxAbs, Math.abs(d));
    }
    double left = MARGIN + CELL;  // room for the row labels
    double heatTop = MARGIN + LETTER_AREA + 4;
    double width = left + length * CELL + 100;
    double height = heatTop + 4 * CELL + MARGIN + 16;

    StringBuilder svg = new StringBuilder(1024 + length * 600);
    svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(Svg.num(width)).append("\" height=\"")
        .append(Svg.num(height)).append("\" viewBox=\"0 0 ").append(Svg.num(width)).append(' ')
        .append(Svg.num(height)).append("\">\n");
    svg.append("<title>").append(Svg.escape("mutation map, task " + map.getTask() + ", wild-type score "
        + map.getWildTypeScore())).append("</title>\n");

    svg.append("<g class=\"letters\">\n");
    for (int j = 0; j < length; j++) {
      double h = maxImportance > 0 ? LETTER_AREA * map.getImportance(j) / maxImportance : 0;
      // A letter of height 0 is still drawn (flat), so every position has its letter.
      Svg.letter(svg, "letter", sequence.charAt(j), left + j * CELL, MARGIN + LETTER_AREA, CELL, Math.max(h, 0.01));
    }
    svg.append("</g>\n<g class=\"heatmap\">\n");
    String rows = "ACGT";
    for (int b = 0; b < 4; b++) {
      double y = heatTop + b * CELL;
      svg.append("<text class=\"row-label\" x=\"").append(Svg.num(MARGIN)).append("\" y=\"")
          .append(Svg.num(y + CELL * 0.75)).append("\" font-family=\"monospace\" font-size=\"12\">")
          .append(rows.charAt(b)).append("</text>\n");
      for (int j = 0; j < length; j++) {
        float d = map.getDeltas(b * length + j);
        svg.append("<rect class=\"cell\" x=\"").append(Svg.num(left + j * CELL)).append("\" y=\"").append(Svg.num(y))
            .append("\" width=\"").append(Svg.num(CELL)).append("\" height=\"").append(Svg.num(CELL))
            .append("\" fill=\"").append(Svg.diverging(maxAbs > 0 ? d / maxAbs : 0)).append("\"><title>")
            .append(rows.charAt(b)).append(" at ").append(j + 1).append(": ").append(Svg.num(d))
            .append("</title></rect>\n");
      }
    }
    svg.append("</g>\n");
    for (Marker m : markers) {
      if (m.position() < 0 || m.position() >= length) {
        continue;
      }
      svg.append("<rect class=\"marker\" x=\"").append(Svg.num(left + m.position() * CELL)).append("\" y=\"")
          .append(Svg.num(heatTop)).append("\" width=\"").append(Svg.num(CELL)).append("\" height=\"")
          .append(Svg.num(4 * CELL)).append("\" fill=\"none\" stroke=\"black\" stroke-width=\"2\"><title>")
          .append(Svg.escape(m.label())).append("</title></rect>\n");
    }
    scale(svg, left + length * CELL + 24, heatTop, maxAbs);
    svg.append("</svg>\n");
    return svg.toString();
  }

  /** A vertical colour bar from +maxAbs (top) to -maxAbs (bottom) with its end labels. */
  private static void scale(StringBuilder svg, double x, double top, float maxAbs) {
    double step = 4 * CELL / SCALE_STEPS;
    svg.append("<g class=\"scale\">\n");
    for (int i = 0; i < SCALE_STEPS; i++) {
      double v = 1 - 2.0 * i / (SCALE_STEPS - 1);
      svg.append("<rect class=\"scale-step\" x=\"").append(Svg.num(x)).append("\" y=\"")
          .append(Svg.num(top + i * step)).append("\" width=\"12\" height=\"").append(Svg.num(step + 0.5))
          .append("\" fill=\"").append(Svg.diverging(v)).append("\"/>\n");
    }
    svg.append("<text x=\"").append(Svg.num(x + 16)).append("\" y=\"").append(Svg.num(top + 8))
        .append("\" font-size=\"10\" font-family=\"sans-serif\">+").append(Svg.num(maxAbs)).append("</text>\n");
    svg.append("<text x=\"").append(Svg.num(x + 16)).append("\" y=\"").append(Svg.num(top + 4 * CELL))
        .append("\" font-size=\"10\" font-family=\"sans-serif\">-").append(Svg.num(maxAbs)).append("</text>\n");
    svg.append("</g>\n");
  }
}
