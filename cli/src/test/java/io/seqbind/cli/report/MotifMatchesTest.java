package io.seqbind.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.seqbind.core.io.InputFormatException;
import io.seqbind.core.simulate.KnownMotifs;
import io.seqbind.core.simulate.Pwm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Filters read from MEME text and matched to the reference motifs they were made from. */
class MotifMatchesTest {

  @TempDir Path dir;

  @Test
  void aPlantedMotifInsideAFilterIsFoundOnEitherStrand() throws Exception {
    Pwm gata = KnownMotifs.get("GATA1");
    // filter 0: GATA1's reverse complement padded with flat columns at offset 3; filter 1: flat everywhere
    StringBuilder meme = new StringBuilder("MEME version 4\n\nALPHABET= ACGT\n\n");
    Pwm rc = gata.reverseComplement();
    int width = rc.width() + 6;
    meme.append("MOTIF filter_0\nletter-probability matrix: alength= 4 w= ").append(width).append(" nsites= 12 E= 0\n");
    for (int j = 0; j < width; j++) {
      int k = j - 3;
      for (int b = 0; b < 4; b++) {
        meme.append(String.format(Locale.ROOT, " %.6f", k >= 0 && k < rc.width() ? rc.probability(k, b) : 0.25));
      }
      meme.append('\n');
    }
    meme.append("\nMOTIF filter_1\nletter-probability matrix: alength= 4 w= 8 nsites= 3 E= 0\n");
    meme.append(" 0.25 0.25 0.25 0.25\n".repeat(8));
    Path file = dir.resolve("motifs.meme");
    Files.writeString(file, meme);

    List<MotifMatches.Motif> motifs = MotifMatches.readMeme(file);
    assertEquals(2, motifs.size());
    assertEquals(12, motifs.get(0).sites());
    List<MotifMatches.Match> matches = MotifMatches.match(motifs, KnownMotifs.all());
    MotifMatches.Match best = matches.get(0);
    assertEquals("filter_0", best.filter().name());
    assertEquals("GATA1", best.reference());
    assertTrue(best.reverse());
    assertEquals(3, best.offset());
    assertEquals(1.0, best.similarity(), 1e-6);
    assertEquals(0.0, matches.get(1).similarity(), 1e-12); // flat columns carry nothing
  }

  @Test
  void aShortMatrixNamesTheFileAndLine() throws Exception {
    Path file = dir.resolve("bad.meme");
    Files.writeString(file, "MEME version 4\n\nMOTIF f\nletter-probability matrix: alength= 4 w= 2 nsites= 1\n"
        + " 0.25 0.25 0.25 0.25\n 0.5 0.5\n");
    InputFormatException e = assertThrows(InputFormatException.class, () -> MotifMatches.readMeme(file));
    assertEquals(6, e.line());
    assertTrue(e.getMessage().startsWith(file + ":6: matrix row of 2 values"), e.getMessage());
  }
}
