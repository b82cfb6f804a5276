package io.seqbind.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.seqbind.proto.v1.ModelScores;
import io.seqbind.proto.v1.ScoreResponse;
import io.seqbind.core.seq.LabeledSequence;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The TSV rows of `seqbind score`: each value as Float.toString writes it (ShortestFloat, the writer's, differs from
 * Java 17's only where that writes a digit more than needed, none of the values here), models and strands in order.
 */
class ScoreCommandTest {

  // Values whose text is easy to get wrong: exponents, negative zero, NaN, the extremes, long mantissas.
  private static final float[] VALUES = {0.1f, -0.0f, 1.0E-5f, Float.NaN, Float.MAX_VALUE, -Float.MIN_VALUE,
      123456.79f, -0.7562417f, 1e7f, 3.0f, Float.NEGATIVE_INFINITY, 0.001f};

  @Test
  void rowsHoldEveryModelsColumnsAndStrandsAsFloatToStringWritesThem() throws Exception {
    List<LabeledSequence> chunk = List.of(seq("s0"), seq("s\u00e91"), seq("s2"));
    // Model a: 2 columns, model b: 1 column; values taken from VALUES in turn.
    int[] next = {0};
    ModelScores a = model("a", 2, chunk.size(), next);
    ModelScores b = model("b", 1, chunk.size(), next);
    ScoreResponse response = ScoreResponse.newBuilder().addModels(a).addModels(b).build();

    for (boolean bothStrands : new boolean[] {false, true}) {
      StringWriter out = new StringWriter();
      ScoreCommand.writeRows(chunk, response, bothStrands, out);
      StringBuilder expected = new StringBuilder();
      for (int i = 0; i < chunk.size(); i++) {
        List<String> fields = new ArrayList<>(List.of(chunk.get(i).id()));
        for (ModelScores m : List.of(a, b)) {
          for (int t = 0; t < m.getColumns(); t++) {
            int k = i * m.getColumns() + t;
            fields.add(Float.toString(m.getScores(k)));
            if (bothStrands) {
              fields.add(Float.toString(m.getForward(k)));
              fields.add(Float.toString(m.getReverse(k)));
            }
          }
        }
        expected.append(String.join("\t", fields)).append('\n');
      }
      assertEquals(expected.toString(), out.toString());
    }
    // One literal row, so that the reference above is not the only judge.
    StringWriter out = new StringWriter();
    ScoreCommand.writeRows(chunk.subList(0, 1), response, false, out);
    assertEquals("s0\t0.1\tNaN\t123456.79\n", out.toString());
  }

  private static LabeledSequence seq(String id) {
    return new LabeledSequence(id, "ACGT", null);
  }

  private static ModelScores model(String id, int columns, int rows, int[] next) {
    ModelScores.Builder m = ModelScores.newBuilder().setModelId(id).setRows(rows).setColumns(columns);
    for (int t = 0; t < columns; t++) {
      m.addTaskNames("t" + t);
    }
    for (int k = 0; k < rows * columns; k++) {
      m.addScores(VALUES[next[0]++ % VALUES.length]);
      m.addForward(VALUES[next[0]++ % VALUES.length]);
      m.addReverse(VALUES[next[0]++ % VALUES.length]);
    }
    return m.build();
  }
}
