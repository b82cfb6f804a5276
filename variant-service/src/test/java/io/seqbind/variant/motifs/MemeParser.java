package io.seqbind.variant.motifs;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of MEME minimal format for tests, written from the MEME Suite's format description
 * rather than from MemeFormat: it insists on the version line, the alphabet and the
 * letter-probability header of each motif, and reads w rows of 4 numbers.
 */
final class MemeParser {

  record Entry(String name, int width, long sites, double[][] probabilities) {}

  private static final Pattern HEADER =
      Pattern.compile("letter-probability matrix:\\s*alength=\\s*4\\s+w=\\s*(\\d+)\\s+nsites=\\s*(\\d+).*");

  static List<Entry> parse(String text) {
    String[] lines = text.split("\n");
    if (!lines[0].startsWith("MEME version 4")) {
      throw new IllegalArgumentException("line 1: " + lines[0]);
    }
    if (!text.contains("\nALPHABET= ACGT\n")) {
      throw new IllegalArgumentException("no ALPHABET= ACGT line");
    }
    List<Entry> out = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      if (!lines[i].startsWith("MOTIF ")) {
        continue;
      }
      String name = lines[i].substring(6).trim().split("\\s+")[0];
      Matcher m = HEADER.matcher(lines[i + 1].trim());
      if (!m.matches()) {
        throw new IllegalArgumentException("line " + (i + 2) + ": " + lines[i + 1]);
      }
      int w = Integer.parseInt(m.group(1));
      double[][] rows = new double[w][];
      for (int j = 0; j < w; j++) {
        String[] cols = lines[i + 2 + j].trim().split("\\s+");
        if (cols.length != 4) {
          throw new IllegalArgumentException("line " + (i + 3 + j) + ": " + lines[i + 2 + j]);
        }
        rows[j] = new double[4];
        for (int b = 0; b < 4; b++) {
          rows[j][b] = Double.parseDouble(cols[b]);
        }
      }
      out.add(new Entry(name, w, Long.parseLong(m.group(2)), rows));
    }
    return out;
  }
}
