package io.seqbind.variant.effects;

import io.seqbind.core.io.ShortestFloat;
import io.seqbind.proto.v1.ModelEffect;
import io.seqbind.proto.v1.TaskEffect;
import io.seqbind.proto.v1.VariantRecord;
import io.seqbind.variant.scoring.ScoringModel;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * Writes variant effects as TSV, one row per allele x model x task (one row per allele x model for a
 * one-task model), in input order. Skipped alleles get one row per model with empty scores, status
 * {@code skipped} and the reason, so every input allele is accounted for. Columns:
 * {@code index chrom pos id ref alt alt_index model task ref_score alt_score delta log_odds_ratio
 * probability_delta status reason message}.
 */
public final class EffectTsvWriter implements EffectSink {

  public static final String HEADER = String.join("\t", "index", "chrom", "pos", "id", "ref", "alt", "alt_index",
      "model", "task", "ref_score", "alt_score", "delta", "log_odds_ratio", "probability_delta", "status", "reason",
      "message");
  /** Appended with --strand both: each strand's scores (the model's own combination is ref/alt_score). */
  public static final String STRAND_COLUMNS = String.join("\t", "fwd_ref_score", "fwd_alt_score", "fwd_delta",
      "rev_ref_score", "rev_alt_score", "rev_delta");

  private final Writer out;
  private final List<ScoringModel> models;
  /** The models' column values, made once (a label is built from the name and version at each call). */
  private final String[] labels;
  private final boolean strands;
  /** A record's rows, written at once. */
  private final StringBuilder rows = new StringBuilder(4096);

  /** Writes the header line at once; {@code strands} adds {@link #STRAND_COLUMNS}. */
  public EffectTsvWriter(Writer out, List<ScoringModel> models, boolean strands) throws IOException {
    this.out = out;
    this.models = List.copyOf(models);
    this.labels = models.stream().map(ScoringModel::label).toArray(String[]::new);
    this.strands = strands;
    out.write(strands ? HEADER + "\t" + STRAND_COLUMNS : HEADER);
    out.write('\n');
  }

  @Override
  public void accept(RecordResult result) throws IOException {
    rows.setLength(0);
    for (AlleleResult a : result.alleles()) {
      if (a.scored()) {
        VariantRecord rec = a.effect().getRecord();
        String warn = String.join("; ", a.effect().getWarningsList());
        String status = warn.isEmpty() ? "scored" : "warning";
        String message = clean(warn);
        for (int m = 0; m < models.size(); m++) {
          ModelEffect me = a.effect().getModels(m);
          for (TaskEffect te : me.getTasksList()) {
            start(result.input().index(), rec, a.altIndex(), labels[m], te.getTask());
            ShortestFloat.append(rows, te.getRefScore()).append('\t');
            ShortestFloat.append(rows, te.getAltScore()).append('\t');
            ShortestFloat.append(rows, te.getDelta()).append('\t');
            if (te.hasLogOddsRatio()) {
              ShortestFloat.append(rows, te.getLogOddsRatio().getValue());
            }
            rows.append('\t');
            if (te.hasProbabilityDelta()) {
              ShortestFloat.append(rows, te.getProbabilityDelta().getValue());
            }
            rows.append('\t').append(status).append("\t\t").append(message);
            if (strands) {
              rows.append('\t');
              ShortestFloat.append(rows, te.getForward().getRefScore()).append('\t');
              ShortestFloat.append(rows, te.getForward().getAltScore()).append('\t');
              ShortestFloat.append(rows, te.getForward().getDelta()).append('\t');
              ShortestFloat.append(rows, te.getReverse().getRefScore()).append('\t');
              ShortestFloat.append(rows, te.getReverse().getAltScore()).append('\t');
              ShortestFloat.append(rows, te.getReverse().getDelta());
            }
            rows.append('\n');
          }
        }
      } else {
        VariantRecord rec = a.skipped().getRecord();
        String reason = a.skipped().getError().getReason().name();
        String message = clean(a.skipped().getError().getMessage());
        for (String label : labels) {
          start(result.input().index(), rec, a.altIndex(), label, "");
          rows.append("\t\t\t\t\tskipped\t").append(reason).append('\t').append(message);
          if (strands) {
            rows.append("\t\t\t\t\t\t");
          }
          rows.append('\n');
        }
      }
    }
    out.append(rows);
  }

  /** A row's columns up to {@code task}, and the tab after it. */
  private void start(long index, VariantRecord rec, int altIndex, String model, String task) {
    rows.append(index).append('\t').append(rec.getChrom()).append('\t').append(rec.getPos()).append('\t')
        .append(rec.getId().isEmpty() ? "." : rec.getId()).append('\t').append(rec.getRef()).append('\t');
    for (int i = 0; i < rec.getAltCount(); i++) {
      rows.append(i == 0 ? "" : ",").append(rec.getAlt(i));
    }
    rows.append('\t');
    if (altIndex < 0) {
      rows.append('.');
    } else {
      rows.append(altIndex);
    }
    rows.append('\t').append(model).append('\t').append(task).append('\t');
  }

  /** Tabs or newlines in a message would break the columns. */
  private static String clean(String s) {
    return s.replace('\t', ' ').replace('\n', ' ');
  }
}
