package io.seqbind.variant.effects;

import htsjdk.variant.variantcontext.VariantContext;
import htsjdk.variant.variantcontext.VariantContextBuilder;
import htsjdk.variant.variantcontext.writer.VariantContextWriter;
import htsjdk.variant.variantcontext.writer.VariantContextWriterBuilder;
import htsjdk.variant.vcf.VCFHeader;
import htsjdk.variant.vcf.VCFHeaderLineCount;
import htsjdk.variant.vcf.VCFHeaderLineType;
import htsjdk.variant.vcf.VCFInfoHeaderLine;
import io.seqbind.core.io.ShortestFloat;
import io.seqbind.proto.v1.TaskEffect;
import io.seqbind.variant.scoring.ScoringModel;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;

/**
 * Copies the input VCF's records with the effects added as INFO fields, with a header line for each
 * key. Per model m and task t ({@link #key}): {@code SB_<m>_<t>_REF} (Number=1, the reference window's
 * raw score), {@code _ALT} and {@code _DELTA} (Number=A, one per ALT allele), and for binary models
 * {@code _LOR} (Number=A, log-odds ratio). {@code SB_SKIP} (Number=A) holds the skip reason of each
 * allele or "." when it was scored. Values of skipped alleles are ".".
 */
public final class AnnotatedVcfWriter implements EffectSink, AutoCloseable {

  public static final String SKIP_KEY = "SB_SKIP";

  private final VariantContextWriter writer;
  private final List<ScoringModel> models;

  public AnnotatedVcfWriter(OutputStream out, VCFHeader input, List<ScoringModel> models) {
    this.models = List.copyOf(models);
    VCFHeader header = new VCFHeader(input);
    for (ScoringModel m : models) {
      String what = " of model " + m.label() + " (" + m.id() + ")";
      for (String task : m.taskNames()) {
        header.addMetaDataLine(new VCFInfoHeaderLine(key(m, task, "REF"), 1, VCFHeaderLineType.Float,
            "seqbind raw score of the reference window, task " + task + what));
        header.addMetaDataLine(new VCFInfoHeaderLine(key(m, task, "ALT"), VCFHeaderLineCount.A,
            VCFHeaderLineType.Float, "seqbind raw score of the alternate window, task " + task + what));
        header.addMetaDataLine(new VCFInfoHeaderLine(key(m, task, "DELTA"), VCFHeaderLineCount.A,
            VCFHeaderLineType.Float, "seqbind alt minus ref raw score, task " + task + what));
        if (m.binary()) {
          header.addMetaDataLine(new VCFInfoHeaderLine(key(m, task, "LOR"), VCFHeaderLineCount.A,
              VCFHeaderLineType.Float, "seqbind log-odds ratio (alt logit - ref logit), task " + task + what));
        }
      }
    }
    header.addMetaDataLine(new VCFInfoHeaderLine(SKIP_KEY, VCFHeaderLineCount.A, VCFHeaderLineType.String,
        "seqbind: why an allele was not scored (an ErrorReason), '.' when it was"));
    this.writer = new VariantContextWriterBuilder()
        .setOutputVCFStream(out)
        .clearOptions()
        .unsetBuffering()
        .build();
    writer.writeHeader(header);
  }

  /** The INFO key for model m, task t and field: letters, digits and '_' only, as VCF requires. */
  public static String key(ScoringModel m, String task, String field) {
    return ("SB_" + sanitize(m.label()) + "_" + sanitize(task) + "_" + field);
  }

  private static String sanitize(String s) {
    return s.replaceAll("[^A-Za-z0-9_]", "_").toUpperCase(Locale.ROOT);
  }

  @Override
  public void accept(RecordResult result) {
    VariantContext vc = result.input().context();
    if (vc == null) {
      throw new IllegalStateException("record " + result.input().index() + " did not come from a VCF");
    }
    int alts = vc.getAlternateAlleles().size();
    VariantContextBuilder b = new VariantContextBuilder(vc);
    String[] skip = filled(alts, ".");
    AlleleResult wholeSkip = null;
    for (AlleleResult a : result.alleles()) {
      if (a.altIndex() < 0) {
        wholeSkip = a;
      } else if (!a.scored()) {
        skip[a.altIndex()] = a.skipped().getError().getReason().name();
      }
    }
    if (wholeSkip != null) {
      java.util.Arrays.fill(skip, wholeSkip.skipped().getError().getReason().name());
    }
    b.attribute(SKIP_KEY, List.of(skip));
    for (int m = 0; m < models.size(); m++) {
      ScoringModel model = models.get(m);
      for (int t = 0; t < model.taskCount(); t++) {
        String refScore = ".";
        String[] alt = filled(alts, ".");
        String[] delta = filled(alts, ".");
        String[] lor = filled(alts, ".");
        for (AlleleResult a : result.alleles()) {
          if (a.scored()) {
            TaskEffect te = a.effect().getModels(m).getTasks(t);
            refScore = ShortestFloat.toString(te.getRefScore());
            alt[a.altIndex()] = ShortestFloat.toString(te.getAltScore());
            delta[a.altIndex()] = ShortestFloat.toString(te.getDelta());
            if (te.hasLogOddsRatio()) {
              lor[a.altIndex()] = ShortestFloat.toString(te.getLogOddsRatio().getValue());
            }
          }
        }
        String task = model.taskNames().get(t);
        if (!refScore.equals(".")) {
          b.attribute(key(model, task, "REF"), refScore);
          b.attribute(key(model, task, "ALT"), List.of(alt));
          b.attribute(key(model, task, "DELTA"), List.of(delta));
          if (model.binary()) {
            b.attribute(key(model, task, "LOR"), List.of(lor));
          }
        }
      }
    }
    writer.add(b.make());
  }

  private static String[] filled(int n, String value) {
    String[] out = new String[n];
    java.util.Arrays.fill(out, value);
    return out;
  }

  /** Flushes the records; the caller closes the stream it passed in. */
  @Override
  public void close() {
    writer.close();
  }
}
