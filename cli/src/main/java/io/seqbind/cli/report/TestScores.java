package io.seqbind.cli.report;

import io.seqbind.core.io.AtomicFiles;
import io.seqbind.core.io.InputFormatException;
import io.seqbind.core.io.ShortestFloat;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A model's scores on a labelled test set, one row per sequence: {@code id}, then {@code label:TASK} and
 * {@code score:TASK} per task. {@code seqbind evaluate --scores} writes it; the report draws its ROC and
 * precision-recall curves and the calibration table from it.
 *
 * @param ids    sequence ids, in input order
 * @param tasks  task names, in model column order
 * @param labels row-major [sequence][task]
 * @param scores row-major [sequence][task], the scorer's raw scores (logits for binary tasks)
 */
public record TestScores(List<String> ids, List<String> tasks, float[] labels, float[] scores) {

  public TestScores {
    if (labels.length != ids.size() * tasks.size() || scores.length != labels.length) {
      throw new IllegalArgumentException("scores table: " + ids.size() + " rows x " + tasks.size()
          + " tasks, but " + labels.length + " labels and " + scores.length + " scores");
    }
  }

  /** The labels of one task as doubles (the layout {@link io.seqbind.core.metrics.Metrics} takes). */
  public double[] labels(int task) {
    return column(labels, task);
  }

  public double[] scores(int task) {
    return column(scores, task);
  }

  private double[] column(float[] values, int task) {
    double[] out = new double[ids.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values[i * tasks.size() + task];
    }
    return out;
  }

  public void write(Path file) throws IOException {
    AtomicFiles.writeText(file, w -> {
      w.write("id");
      for (String t : tasks) {
        w.write("\tlabel:" + t + "\tscore:" + t);
      }
      w.write('\n');
      for (int i = 0; i < ids.size(); i++) {
        w.write(ids.get(i));
        for (int t = 0; t < tasks.size(); t++) {
          int k = i * tasks.size() + t;
          w.write('\t' + ShortestFloat.toString(labels[k]) + '\t' + ShortestFloat.toString(scores[k]));
        }
        w.write('\n');
      }
    });
  }

  /** Reads a table written by {@link #write}; a malformed line fails naming the file and line. */
  public static TestScores read(Path file) throws IOException {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = in.readLine();
      if (header == null) {
        throw new InputFormatException(file.toString(), 0, "empty scores table", "a header id, label:TASK, score:TASK");
      }
      String[] h = header.split("\t", -1);
      if (h.length < 3 || h.length % 2 != 1 || !h[0].equals("id")) {
        throw new InputFormatException(file.toString(), 1, "header '" + header + "'", "id, label:TASK, score:TASK, ...");
      }
      List<String> tasks = new ArrayList<>();
      for (int c = 1; c < h.length; c += 2) {
        String task = h[c].startsWith("label:") ? h[c].substring(6) : null;
        if (task == null || !h[c + 1].equals("score:" + task)) {
          throw new InputFormatException(file.toString(), 1, "columns " + (c + 1) + "-" + (c + 2) + " are '" + h[c]
              + "', '" + h[c + 1] + "'", "label:TASK followed by score:TASK");
        }
        tasks.add(task);
      }
      List<String> ids = new ArrayList<>();
      FloatList labels = new FloatList();
      FloatList scores = new FloatList();
      String line;
      int lineNo = 1;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isEmpty()) {
          continue;
        }
        String[] f = line.split("\t", -1);
        if (f.length != h.length) {
          throw new InputFormatException(file.toString(), lineNo, f.length + " columns", h.length + " as in the header");
        }
        ids.add(f[0]);
        for (int c = 1; c < f.length; c += 2) {
          labels.add(number(f[c], file, lineNo));
          scores.add(number(f[c + 1], file, lineNo));
        }
      }
      return new TestScores(ids, tasks, labels.toArray(), scores.toArray());
    }
  }

  private static float number(String s, Path file, int line) {
    try {
      return Float.parseFloat(s);
    } catch (NumberFormatException e) {
      throw new InputFormatException(file.toString(), line, "'" + s + "' is not a number", "a label or score");
    }
  }

  /** A growable float array: test sets have tens of thousands of rows. */
  private static final class FloatList {
    private float[] values = new float[1024];
    private int size;

    void add(float v) {
      if (size == values.length) {
        values = java.util.Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    float[] toArray() {
      return java.util.Arrays.copyOf(values, size);
    }
  }
}
