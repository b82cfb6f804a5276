package io.seqbind.cli.report;

import io.seqbind.core.io.InputFormatException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/** The strongest variant effects of an {@code effects.tsv} ({@code seqbind variants}): scored rows by |delta|. */
public final class Effects {

  /** One scored allele. */
  public record Effect(String chrom, long pos, String id, String ref, String alt, String task, double refScore,
      double altScore, double delta) {}

  private static final List<String> COLUMNS = List.of("chrom", "pos", "id", "ref", "alt", "task", "ref_score",
      "alt_score", "delta", "status");

  private Effects() {}

  /** The {@code limit} scored alleles with the largest absolute delta, largest first. */
  public static List<Effect> strongest(Path tsv, int limit) throws IOException {
    List<Effect> scored = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(open(tsv), StandardCharsets.UTF_8))) {
      String header = in.readLine();
      if (header == null) {
        throw new InputFormatException(tsv.toString(), 0, "empty effects table", "seqbind variants' TSV");
      }
      Map<String, Integer> col = new TreeMap<>();
      String[] h = header.split("\t", -1);
      for (int i = 0; i < h.length; i++) {
        col.put(h[i], i);
      }
      for (String c : COLUMNS) {
        if (!col.containsKey(c)) {
          throw new InputFormatException(tsv.toString(), 1, "no column '" + c + "'", "seqbind variants' header "
              + String.join(", ", COLUMNS));
        }
      }
      String line;
      int lineNo = 1;
      while ((line = in.readLine()) != null) {
        lineNo++;
        String[] f = line.split("\t", -1);
        if (f.length != h.length) {
          throw new InputFormatException(tsv.toString(), lineNo, f.length + " columns", h.length + " as in the header");
        }
        if (!"scored".equals(f[col.get("status")])) {
          continue;
        }
        try {
          scored.add(new Effect(f[col.get("chrom")], Long.parseLong(f[col.get("pos")]), f[col.get("id")],
              f[col.get("ref")], f[col.get("alt")], f[col.get("task")], Double.parseDouble(f[col.get("ref_score")]),
              Double.parseDouble(f[col.get("alt_score")]), Double.parseDouble(f[col.get("delta")])));
        } catch (NumberFormatException e) {
          throw new InputFormatException(tsv.toString(), lineNo, "a non-numeric position or score", "numbers", e);
        }
      }
    }
    return scored.stream().sorted(Comparator.comparingDouble((Effect e) -> -Math.abs(e.delta()))).limit(limit)
        .toList();
  }

  private static java.io.InputStream open(Path tsv) throws IOException {
    java.io.InputStream raw = Files.newInputStream(tsv);
    return tsv.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
  }

}
