package io.seqbind.cli.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small line chart as inline SVG: axes with ticks and labels, one polyline per series, a legend. Enough
 * for ROC, precision-recall and training curves without a charting library or network access.
 */
public final class SvgChart {

  /** One line: its points in data coordinates, a colour and a legend label. */
  public record Series(String label, String color, List<Curves.Point> points, boolean dashed) {}

  private static final int WIDTH = 360;
  private static final int HEIGHT = 280;
  private static final int LEFT = 52;
  private static final int RIGHT = 12;
  private static final int TOP = 28;
  private static final int BOTTOM = 44;

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final double xMin;
  private final double xMax;
  private final double yMin;
  private final double yMax;
  private final List<Series> series = new ArrayList<>();

  public SvgChart(String title, String xLabel, String yLabel, double xMin, double xMax, double yMin, double yMax) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
    this.xMin = xMin;
    this.xMax = xMax > xMin ? xMax : xMin + 1;
    this.yMin = yMin;
    this.yMax = yMax > yMin ? yMax : yMin + 1;
  }

  public SvgChart add(Series s) {
    series.add(s);
    return this;
  }

  public String render(String cssClass) {
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT, "<svg class=\"%s\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
        + "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">", cssClass, WIDTH, HEIGHT, WIDTH, HEIGHT));
    svg.append("<title>").append(Html.escape(title)).append("</title>");
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"16\" font-size=\"13\" font-weight=\"bold\">%s</text>",
        LEFT, Html.escape(title)));
    int x0 = LEFT;
    int x1 = WIDTH - RIGHT;
    int y0 = HEIGHT - BOTTOM;
    int y1 = TOP;
    svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
        + "stroke=\"#444\"/>", x0, y1, x1 - x0, y0 - y1));
    for (int i = 0; i <= 4; i++) {
      double fx = xMin + (xMax - xMin) * i / 4;
      double fy = yMin + (yMax - yMin) * i / 4;
      double px = x(fx);
      double py = y(fy);
      svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>",
          px, y1, px, y0));
      svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>",
          x0, py, x1, py));
      svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%s"
          + "</text>", px, y0 + 14, tick(fx)));
      svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">%s</text>",
          x0 - 4, py + 3, tick(fy)));
    }
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s</text>",
        (x0 + x1) / 2, HEIGHT - 8, Html.escape(xLabel)));
    svg.append(String.format(Locale.ROOT, "<text x=\"12\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\" "
        + "transform=\"rotate(-90 12 %d)\">%s</text>", (y0 + y1) / 2, (y0 + y1) / 2, Html.escape(yLabel)));
    int legendY = y1 + 14;
    for (Series s : series) {
      StringBuilder pts = new StringBuilder();
      for (Curves.Point p : s.points()) {
        if (Double.isFinite(p.x()) && Double.isFinite(p.y())) {
          pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(p.x()), y(p.y())));
        }
      }
      svg.append(String.format(Locale.ROOT, "<polyline class=\"series\" fill=\"none\" stroke=\"%s\" "
          + "stroke-width=\"2\"%s points=\"%s\"/>", s.color(), s.dashed() ? " stroke-dasharray=\"4 3\"" : "",
          pts.toString().trim()));
      svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
          + "stroke-width=\"2\"/><text x=\"%d\" y=\"%d\" font-size=\"10\">%s</text>", x1 - 130, legendY - 3,
          x1 - 112, legendY - 3, s.color(), x1 - 108, legendY, Html.escape(s.label())));
      legendY += 13;
    }
    return svg.append("</svg>").toString();
  }

  private double x(double v) {
    return LEFT + (WIDTH - LEFT - RIGHT) * (clamp(v, xMin, xMax) - xMin) / (xMax - xMin);
  }

  private double y(double v) {
    return HEIGHT - BOTTOM - (HEIGHT - BOTTOM - TOP) * (clamp(v, yMin, yMax) - yMin) / (yMax - yMin);
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  private static String tick(double v) {
    if (Math.abs(v) >= 1000) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    return String.format(Locale.ROOT, "%.2f", v).replaceAll("\\.?0+$", "");
  }
}
