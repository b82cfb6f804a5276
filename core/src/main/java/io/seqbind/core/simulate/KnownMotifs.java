package io.seqbind.core.simulate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A handful of real transcription-factor motifs for simulation, so planted signal looks like what a
 * DeepBind model meets in ChIP-seq peaks. The numbers are our own approximations of each factor's
 * well-known consensus and logo shape (strong core, weaker flanks), written by hand here; they are not
 * copied from any database and are not meant for motif discovery against real data. Each position is
 * {pA, pC, pG, pT}; no probability is zero, so any sequence has a finite score.
 */
public final class KnownMotifs {

  private static final Map<String, Pwm> MOTIFS = new LinkedHashMap<>();

  static {
    // CTCF: the 19-bp core, consensus TGGCCACCAGGGGGCGCTA (C-rich strand read 5'->3').
    add(Pwm.fromColumns("CTCF", new double[][] {
        {0.10, 0.30, 0.15, 0.45}, // T
        {0.15, 0.20, 0.45, 0.20}, // G
        {0.10, 0.15, 0.55, 0.20}, // G
        {0.05, 0.85, 0.05, 0.05}, // C
        {0.30, 0.60, 0.05, 0.05}, // C (A)
        {0.60, 0.05, 0.30, 0.05}, // A (G)
        {0.02, 0.94, 0.02, 0.02}, // C
        {0.03, 0.55, 0.04, 0.38}, // C (T)
        {0.75, 0.05, 0.15, 0.05}, // A
        {0.05, 0.03, 0.90, 0.02}, // G
        {0.35, 0.02, 0.60, 0.03}, // G (A)
        {0.03, 0.02, 0.55, 0.40}, // G (T)
        {0.03, 0.02, 0.93, 0.02}, // G
        {0.05, 0.05, 0.85, 0.05}, // G
        {0.15, 0.65, 0.05, 0.15}, // C
        {0.30, 0.03, 0.62, 0.05}, // G (A)
        {0.05, 0.80, 0.05, 0.10}, // C
        {0.15, 0.20, 0.15, 0.50}, // T
        {0.45, 0.15, 0.25, 0.15}, // A
    }));
    // GATA1: the WGATAR core with one flank each side, consensus CAGATAAGG.
    add(Pwm.fromColumns("GATA1", new double[][] {
        {0.20, 0.40, 0.20, 0.20}, // C
        {0.50, 0.05, 0.05, 0.40}, // W
        {0.02, 0.02, 0.94, 0.02}, // G
        {0.94, 0.02, 0.02, 0.02}, // A
        {0.02, 0.02, 0.02, 0.94}, // T
        {0.94, 0.02, 0.02, 0.02}, // A
        {0.65, 0.03, 0.30, 0.02}, // R
        {0.20, 0.15, 0.55, 0.10}, // G
        {0.30, 0.20, 0.35, 0.15}, // G (A)
    }));
    // TAL1 (with its E-protein partner): the E-box CAGCTG with flanks, consensus AACAGCTGGT.
    add(Pwm.fromColumns("TAL1", new double[][] {
        {0.40, 0.20, 0.30, 0.10}, // A (G)
        {0.45, 0.20, 0.20, 0.15}, // A
        {0.03, 0.90, 0.04, 0.03}, // C
        {0.90, 0.03, 0.04, 0.03}, // A
        {0.05, 0.10, 0.70, 0.15}, // G (T: CATCTG)
        {0.05, 0.80, 0.10, 0.05}, // C
        {0.03, 0.04, 0.03, 0.90}, // T
        {0.03, 0.04, 0.90, 0.03}, // G
        {0.15, 0.20, 0.40, 0.25}, // G (T)
        {0.15, 0.25, 0.20, 0.40}, // T
    }));
    // FOXA1: the forkhead site TGTTTAC with its A/T-rich 3' flank, consensus ATGTTTACTTA.
    add(Pwm.fromColumns("FOXA1", new double[][] {
        {0.40, 0.15, 0.10, 0.35}, // A (T)
        {0.10, 0.10, 0.10, 0.70}, // T
        {0.10, 0.03, 0.82, 0.05}, // G
        {0.02, 0.02, 0.02, 0.94}, // T
        {0.02, 0.02, 0.02, 0.94}, // T
        {0.03, 0.02, 0.02, 0.93}, // T
        {0.80, 0.05, 0.05, 0.10}, // A
        {0.10, 0.80, 0.02, 0.08}, // C
        {0.40, 0.10, 0.05, 0.45}, // T (A)
        {0.20, 0.30, 0.10, 0.40}, // T (C)
        {0.38, 0.15, 0.15, 0.32}, // A (T)
    }));
    // ELK1 (ETS family, GGAA core shared with GABPA): consensus ACCGGAAGTG.
    add(Pwm.fromColumns("ELK1", new double[][] {
        {0.50, 0.20, 0.20, 0.10}, // A
        {0.15, 0.60, 0.15, 0.10}, // C
        {0.10, 0.70, 0.15, 0.05}, // C
        {0.03, 0.02, 0.90, 0.05}, // G
        {0.02, 0.02, 0.94, 0.02}, // G
        {0.94, 0.02, 0.02, 0.02}, // A
        {0.88, 0.03, 0.04, 0.05}, // A
        {0.15, 0.05, 0.75, 0.05}, // G
        {0.10, 0.20, 0.10, 0.60}, // T
        {0.20, 0.15, 0.45, 0.20}, // G
    }));
  }

  private KnownMotifs() {}

  private static void add(Pwm pwm) {
    MOTIFS.put(pwm.name().toUpperCase(Locale.ROOT), pwm);
  }

  /** The motif named {@code name}, case-insensitively; the error lists the names we know. */
  public static Pwm get(String name) {
    Pwm pwm = name == null ? null : MOTIFS.get(name.trim().toUpperCase(Locale.ROOT));
    if (pwm == null) {
      throw new IllegalArgumentException("unknown motif '" + name + "'; known motifs: " + String.join(", ", names()));
    }
    return pwm;
  }

  /** The motifs named, in the order given, each looked up with {@link #get(String)}. */
  public static List<Pwm> get(List<String> names) {
    List<Pwm> out = new ArrayList<>(names.size());
    for (String name : names) {
      out.add(get(name));
    }
    return Collections.unmodifiableList(out);
  }

  /** The names of all known motifs, in a fixed order. */
  public static List<String> names() {
    List<String> names = new ArrayList<>();
    for (Pwm pwm : MOTIFS.values()) {
      names.add(pwm.name());
    }
    return Collections.unmodifiableList(names);
  }

  /** All known motifs, in the order of {@link #names()}. */
  public static List<Pwm> all() {
    return List.copyOf(MOTIFS.values());
  }
}
