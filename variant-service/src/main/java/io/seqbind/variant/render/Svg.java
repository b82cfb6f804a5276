package io.seqbind.variant.render;

import java.util.Locale;

/**
 * The small pieces every seqbind SVG shares: escaping, number formatting that does not depend on the
 * locale (a German locale would write "1,5" and break the document), base colours, and a letter drawn
 * into a box.
 */
public final class Svg {

  /** Classic logo colours for A, C, G, T (green, blue, orange, red). */
  private static final String[] BASE_COLOURS = {"#109648", "#255C99", "#F7B32B", "#D62839"};

  /**
   * Cap height of the sans-serif font as a fraction of its font size, so a letter's glyph rather than its
   * em box fills the requested height.
   */
  static final double CAP_HEIGHT = 0.72;

  private Svg() {}

  public static String num(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e9) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, "%.3f", v);
  }

  public static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  public static String colour(char base) {
    return switch (Character.toUpperCase(base)) {
      case 'A' -> BASE_COLOURS[0];
      case 'C' -> BASE_COLOURS[1];
      case 'G' -> BASE_COLOURS[2];
      case 'T', 'U' -> BASE_COLOURS[3];
      default -> "#808080";
    };
  }

  /**
   * A letter filling the box whose bottom-left corner is (x, bottom), {@code width} wide and {@code height}
   * tall, as a {@code <text>} scaled vertically: logo letters are stretched, not resized.
   */
  public static void letter(StringBuilder svg, String cssClass, char base, double x, double bottom, double width,
      double height) {
    double fontSize = width / 0.62;  // the glyph advance of a bold sans-serif capital is about 0.62 em
    double sy = height / (fontSize * CAP_HEIGHT);
    svg.append("<text class=\"").append(cssClass).append("\" font-family=\"Arial, Helvetica, sans-serif\"")
        .append(" font-weight=\"bold\" font-size=\"").append(num(fontSize)).append("\" fill=\"")
        .append(colour(base)).append("\" textLength=\"").append(num(width))
        .append("\" lengthAdjust=\"spacingAndGlyphs\" transform=\"translate(").append(num(x)).append(',')
        .append(num(bottom)).append(") scale(1,").append(num(sy)).append(")\">").append(Character.toUpperCase(base))
        .append("</text>\n");
  }

  /** A diverging colour for v in [-1, 1]: blue for losses, white at 0, red for gains. */
  public static String diverging(double v) {
    double c = Math.max(-1, Math.min(1, v));
    int r;
    int g;
    int b;
    if (c < 0) {
      // white (255,255,255) to blue (33,102,172)
      double f = -c;
      r = (int) Math.round(255 + f * (33 - 255));
      g = (int) Math.round(255 + f * (102 - 255));
      b = (int) Math.round(255 + f * (172 - 255));
    } else {
      // white to red (178,24,43)
      r = (int) Math.round(255 + c * (178 - 255));
      g = (int) Math.round(255 + c * (24 - 255));
      b = (int) Math.round(255 + c * (43 - 255));
    }
    return String.format(Locale.ROOT, "#%02X%02X%02X", r, g, b);
  }
}
