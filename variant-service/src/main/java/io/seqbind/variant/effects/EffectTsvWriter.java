package io.seqbind.variant.effects;

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
  private final boolean strands;

  /** Writes the header line at once; {@code strands} adds {@link #STRAND_COLUMNS}. */
  public EffectTsvWriter(Writer out, List<ScoringModel> models, boolean strands) throws IOException {
    this.out = out;
    this.models = List.copyOf(models);
    this.strands = strands;
    out.write(strands ? HEADER + "\t" + STRAND_COLUMNS : HEADER);
    out.write('\n');
  }

  @Override
  public void accept(RecordResult result) throws IOException {
    for (AlleleResult a : result.alleles()) {
      if (a.scored()) {
        VariantRecord rec = a.effect().getRecord();
        for (int m = 0; m < models.size(); m++) {
          ModelEffect me = a.effect().getModels(m);
          for (TaskEffect te : me.getTasksList()) {
            String lor = te.hasLogOddsRatio() ? Float.toString(te.getLogOddsRatio().getValue()) : "";
            String pd = te.hasProbabilityDelta() ? Float.toString(te.getProbabilityDelta().getValue()) : "";
            String warn = String.join("; ", a.effect().getWarningsList());
            row(result.input().index(), rec, a.altIndex(), models.get(m).label(), te.getTask(),
                Float.toString(te.getRefScore()), Float.toString(te.getAltScore()), Float.toString(te.getDelta()),
                lor, pd, warn.isEmpty() ? "scored" : "warning", "", warn, strandColumns(te));
          }
        }
      } else {
        VariantRecord rec = a.skipped().getRecord();
        for (ScoringModel model : models) {
          row(result.input().index(), rec, a.altIndex(), model.label(), "", "", "", "", "", "", "skipped",
              a.skipped().getError().getReason().name(), a.skipped().getError().getMessage(),
              strands ? "\t\t\t\t\t" : "");
        }
      }
    }
  }

  private void row(long index, VariantRecord rec, int altIndex, String model, String task, String ref, String alt,
      String delta, String lor, String pd, String status, String reason, String message, String strandColumns)
      throws IOException {
    out.write(String.join("\t", Long.toString(index), rec.getChrom(), Long.toString(rec.getPos()),
        rec.getId().isEmpty() ? "." : rec.getId(), rec.getRef(), String.join(",", rec.getAltList()),
        altIndex < 0 ? "." : Integer.toString(altIndex), model, task, ref, alt, delta, lor, pd, status, reason,
        clean(message)));
    if (strands) {
      out.write('\t');
      out.write(strandColumns);
    }
    out.write('\n');
  }

  private String strandColumns(TaskEffect te) {
    if (!strands) {
      return "";
    }
    return String.join("\t", Float.toString(te.getForward().getRefScore()),
        Float.toString(te.getForward().getAltScore()), Float.toString(te.getForward().getDelta()),
        Float.toString(te.getReverse().getRefScore()), Float.toString(te.getReverse().getAltScore()),
        Float.toString(te.getReverse().getDelta()));
  }

  /** Tabs or newlines in a message would break the columns. */
  private static String clean(String s) {
    return s.replace('\t', ' ').replace('\n', ' ');
  }
}
