package io.seqbind.core.io;

import java.util.ArrayList;
import java.util.List;

/**
 * Small parsing helpers shared by the tab-separated readers: splitting on tabs and reading numbers
 * strictly, so a typo such as {@code 1d}, {@code 0x1p3} or {@code 1,5} is an error rather than a value
 * {@link Double#parseDouble} happens to accept.
 */
final class Fields {

  private Fields() {}

  /** Splits {@code line} on tabs, keeping empty fields, stripping surrounding spaces of each field. */
  static String[] tabs(String line) {
    List<String> out = new ArrayList<>();
    int from = 0;
    while (true) {
      int tab = line.indexOf('\t', from);
      if (tab < 0) {
        out.add(line.substring(from).strip());
        return out.toArray(new String[0]);
      }
      out.add(line.substring(from, tab).strip());
      from = tab + 1;
    }
  }

  /**
   * A finite decimal number ({@code 1}, {@code -0.5}, {@code 3e-4}).
   *
   * @throws NumberFormatException for anything else, including NaN and infinity
   */
  static double number(String s) {
    if (s.isEmpty()) {
      throw new NumberFormatException("empty");
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9') && c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E') {
        throw new NumberFormatException(s);
      }
    }
    double v = Double.parseDouble(s);
    if (!Double.isFinite(v)) {
      throw new NumberFormatException(s);
    }
    return v;
  }

  /** True for the tokens that mean "not measured": empty, {@code NA}, {@code nan} (any case), {@code .}. */
  static boolean isMissing(String s) {
    return s.isEmpty() || s.equals(".") || s.equalsIgnoreCase("NA") || s.equalsIgnoreCase("nan");
  }
}
