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

  private final Writer out;
  private final List<ScoringModel> models;

  /** Writes the header line at once. */
  public EffectTsvWriter(Writer out, List<ScoringModel> models) throws IOException {
    this.out = out;
    this.models = List.copyOf(models);
    out.write(HEADER);
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
                lor, pd, warn.isEmpty() ? "scored" : "warning", "", warn);
          }
        }
      } else {
        VariantRecord rec = a.skipped().getRecord();
        for (ScoringModel model : models) {
          row(result.input().index(), rec, a.altIndex(), model.label(), "", "", "", "", "", "", "skipped",
              a.skipped().getError().getReason().name(), a.skipped().getError().getMessage());
        }
      }
    }
  }

  private void row(long index, VariantRecord rec, int altIndex, String model, String task, String ref, String alt,
      String delta, String lor, String pd, String status, String reason, String message) throws IOException {
    out.write(String.join("\t", Long.toString(index), rec.getChrom(), Long.toString(rec.getPos()),
        rec.getId().isEmpty() ? "." : rec.getId(), rec.getRef(), String.join(",", rec.getAltList()),
        altIndex < 0 ? "." : Integer.toString(altIndex), model, task, ref, alt, delta, lor, pd, status, reason,
        clean(message)));
    out.write('\n');
  }

  /** Tabs or newlines in a message would break the columns. */
  private static String clean(String s) {
    return s.replace('\t', ' ').replace('\n', ' ');
  }
}
