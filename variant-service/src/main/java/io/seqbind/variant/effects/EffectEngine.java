package io.seqbind.variant.effects;

import io.seqbind.core.model.Logits;
import io.grpc.Status;
import io.seqbind.core.io.ReferenceGenome;
import io.seqbind.proto.v1.ErrorReason;
import io.seqbind.proto.v1.ItemError;
import io.seqbind.proto.v1.ModelEffect;
import io.seqbind.proto.v1.RefMismatchPolicy;
import io.seqbind.proto.v1.SkippedVariant;
import io.seqbind.proto.v1.StrandEffect;
import io.seqbind.proto.v1.StrandMode;
import io.seqbind.proto.v1.TaskEffect;
import io.seqbind.proto.v1.VariantEffect;
import io.seqbind.proto.v1.VariantRecord;
import io.seqbind.variant.scoring.ScoreTable;
import io.seqbind.variant.scoring.ScoringModel;
import io.seqbind.variant.scoring.WindowScorer;
import com.google.protobuf.FloatValue;
import io.seqbind.core.io.Quoted;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Scores one chunk of variant records: checks each record against the reference, cuts the ref and alt
 * windows of every allele ({@link VariantWindows}) once per window length, scores each length's windows for
 * the chunk with all the models of that length through the {@link WindowScorer} in batches, and turns the
 * scores into {@link VariantEffect}s. Records that cannot be scored become {@link SkippedVariant}s with an
 * {@link ErrorReason}; the chunk's results keep the input order.
 *
 * <p>{@link #start} cuts the windows and sends the requests, {@link #finish} waits for the scores and builds
 * the results, so a caller can prepare the next chunk while the scorer runs this one ({@link EffectSession}).
 * Memory is bounded by the chunk: callers feed chunks of a few thousand records. One thread at a time: the
 * reference is read through one {@link ReferenceBlocks}.
 */
public final class EffectEngine {

  private final WindowScorer scorer;
  private final ReferenceBlocks genome;
  private final EffectOptions options;
  /**
   * The options' models by window length, in order of first appearance: models of one length score the same
   * windows, cut and sent once for all of them. {@code groupOf[i]} is the group of model i.
   */
  private final List<List<ScoringModel>> groups = new ArrayList<>();
  private final int[] groupOf;

  public EffectEngine(WindowScorer scorer, ReferenceGenome genome, EffectOptions options) {
    this.scorer = scorer;
    this.genome = new ReferenceBlocks(genome);
    this.options = options;
    List<ScoringModel> models = options.models();
    groupOf = new int[models.size()];
    Map<Integer, Integer> groupOfLength = new HashMap<>();
    for (int i = 0; i < models.size(); i++) {
      ScoringModel model = models.get(i);
      groupOf[i] = groupOfLength.computeIfAbsent(model.windowLength(), length -> {
        groups.add(new ArrayList<>());
        return groups.size() - 1;
      });
      groups.get(groupOf[i]).add(model);
    }
  }

  public EffectOptions options() {
    return options;
  }

  /** An allele waiting for its scores: the rows of its windows in each group's sequence list. */
  private static final class Pending {
    final int altIndex;
    final int[] refRow;
    final int[] altRow;
    final List<String> warnings;

    Pending(int altIndex, int groups, List<String> warnings) {
      this.altIndex = altIndex;
      this.refRow = new int[groups];
      this.altRow = new int[groups];
      this.warnings = warnings;
    }
  }

  /** A chunk whose windows are with the scorer: {@link #finish} turns it into results. */
  public static final class Started {
    private final List<VariantInput> chunk;
    /** Per record: the allele slots, each either a finished AlleleResult (skipped) or a Pending. */
    private final List<List<Object>> slots;
    private final WindowScorer.Scoring scoring;

    private Started(List<VariantInput> chunk, List<List<Object>> slots, WindowScorer.Scoring scoring) {
      this.chunk = chunk;
      this.slots = slots;
      this.scoring = scoring;
    }

    /** Gives up on the chunk: its requests are cancelled. */
    public void cancel() {
      scoring.cancel();
    }
  }

  /**
   * Scores {@code chunk}.
   *
   * @throws RefMismatchException under the ERROR policy, for the first record whose REF differs from the
   *     genome (checked before anything is scored)
   */
  public List<RecordResult> score(List<VariantInput> chunk) {
    return finish(start(chunk));
  }

  /**
   * Cuts the chunk's windows and sends them to the scorer; returns without waiting for the scores.
   *
   * @throws RefMismatchException as {@link #score}, before anything is sent
   */
  public Started start(List<VariantInput> chunk) {
    List<List<String>> sequences = new ArrayList<>(groups.size());
    for (int g = 0; g < groups.size(); g++) {
      sequences.add(new ArrayList<>());
    }
    List<List<Object>> slots = new ArrayList<>(chunk.size());
    for (VariantInput input : chunk) {
      slots.add(prepare(input, sequences));
    }
    // Every group's requests at once (a window of them in flight), so the scorer's queue stays full.
    WindowScorer.Scoring scoring = scorer.start(groups, sequences, options.strand() == StrandMode.STRAND_MODE_BOTH);
    return new Started(List.copyOf(chunk), slots, scoring);
  }

  /** Waits for the scores of {@code started} and returns its records' results in input order. */
  public List<RecordResult> finish(Started started) {
    List<List<ScoreTable>> byGroup = started.scoring.await();
    List<ScoringModel> models = options.models();
    // Model i's table: the groups list their models in the options' order.
    List<ScoreTable> tables = new ArrayList<>(models.size());
    int[] seen = new int[groups.size()];
    for (int i = 0; i < models.size(); i++) {
      tables.add(byGroup.get(groupOf[i]).get(seen[groupOf[i]]++));
    }
    List<RecordResult> results = new ArrayList<>(started.chunk.size());
    for (int r = 0; r < started.chunk.size(); r++) {
      VariantInput input = started.chunk.get(r);
      List<AlleleResult> alleles = new ArrayList<>();
      for (Object slot : started.slots.get(r)) {
        alleles.add(slot instanceof Pending p ? finish(input, p, models, tables) : (AlleleResult) slot);
      }
      results.add(new RecordResult(input, alleles));
    }
    return results;
  }

  private List<Object> prepare(VariantInput input, List<List<String>> sequences) {
    List<ScoringModel> models = options.models();
    VariantRecord rec = input.record();
    List<Object> out = new ArrayList<>();
    if (input.filtered() && options.passOnly()) {
      out.add(skipRecord(input, ErrorReason.ERROR_REASON_FILTERED, "FILTER is neither PASS nor '.'"));
      return out;
    }
    String malformed = malformed(rec);
    if (malformed != null) {
      out.add(skipRecord(input, ErrorReason.ERROR_REASON_MALFORMED_RECORD, malformed));
      return out;
    }
    long contigLength = genome.contigLength(rec.getChrom());
    if (contigLength < 0) {
      out.add(skipRecord(input, ErrorReason.ERROR_REASON_UNKNOWN_CONTIG, "contig " + Quoted.token(rec.getChrom())
          + " is not in the reference " + genome.genome().file()));
      return out;
    }
    String recordRef = rec.getRef().toUpperCase(Locale.ROOT);
    long p0 = rec.getPos() - 1;
    if (p0 + recordRef.length() > contigLength) {
      out.add(skipRecord(input, ErrorReason.ERROR_REASON_OUT_OF_RANGE, "REF " + rec.getChrom() + ":"
          + rec.getPos() + "-" + (p0 + recordRef.length()) + " ends past the contig (length " + contigLength + ")"));
      return out;
    }
    String genomeRef = genome.fetch(rec.getChrom(), p0, p0 + recordRef.length());
    List<String> warnings = List.of();
    String refAllele = genomeRef;
    if (!genomeRef.equals(recordRef)) {
      String what = "REF " + rec.getRef() + " differs from the reference " + genomeRef + " at " + rec.getChrom()
          + ":" + rec.getPos();
      RefMismatchPolicy policy = options.refMismatch();
      if (policy == RefMismatchPolicy.REF_MISMATCH_POLICY_ERROR) {
        throw new RefMismatchException(input.index(), input.describe() + ": " + what
            + ", expected the reference bases (is the VCF from another genome build?) or ref_mismatch SKIP/WARN");
      }
      if (policy == RefMismatchPolicy.REF_MISMATCH_POLICY_SKIP) {
        out.add(skipRecord(input, ErrorReason.ERROR_REASON_REF_MISMATCH, what));
        return out;
      }
      warnings = List.of(what + "; scored with the record's REF in the reference window");
      refAllele = recordRef;
    }
    int[] refRowOfGroup = new int[groups.size()];
    Arrays.fill(refRowOfGroup, -1);
    for (int a = 0; a < rec.getAltCount(); a++) {
      String alt = rec.getAlt(a).toUpperCase(Locale.ROOT);
      String unsupported = unsupportedAllele(alt);
      if (unsupported != null) {
        // Symbolic and missing alleles are valid VCF that seqbind cannot score; anything else is garbage.
        ErrorReason reason = unsupported.startsWith("ALT allele")
            ? ErrorReason.ERROR_REASON_MALFORMED_RECORD : ErrorReason.ERROR_REASON_UNSUPPORTED_ALLELE;
        out.add(skipAllele(input, a, reason, unsupported, ""));
        continue;
      }
      Pending pending = new Pending(a, groups.size(), warnings);
      AlleleResult skipped = null;
      // Per group: its windows, cut for the first of its models (in the options' order, so a window that cannot
      // be cut is reported for the same model as when each model cut its own).
      String[][] cuts = new String[groups.size()][];
      for (int i = 0; i < models.size() && skipped == null; i++) {
        int g = groupOf[i];
        if (cuts[g] != null) {
          continue;
        }
        ScoringModel model = models.get(i);
        VariantWindows.Cut cut = VariantWindows.cut(genome, rec.getChrom(), rec.getPos(), refAllele,
            recordRef.length(), alt, model.windowLength());
        if (cut.windows() == null) {
          ErrorReason reason = cut.problem() == VariantWindows.WindowProblem.OFF_CONTIG
              ? ErrorReason.ERROR_REASON_OUT_OF_RANGE : ErrorReason.ERROR_REASON_UNSUPPORTED_ALLELE;
          skipped = skipAllele(input, a, reason, cut.message() + " (model " + model.label() + ")", model.id());
        } else {
          cuts[g] = new String[] {cut.windows().ref(), cut.windows().alt()};
        }
      }
      if (skipped != null) {
        out.add(skipped);
        continue;
      }
      // Only now that every model has windows do they join the batches, so no row is scored in vain.
      for (int g = 0; g < groups.size(); g++) {
        List<String> seqs = sequences.get(g);
        if (refRowOfGroup[g] < 0) {
          refRowOfGroup[g] = seqs.size();
          seqs.add(cuts[g][0]);
        }
        pending.refRow[g] = refRowOfGroup[g];
        pending.altRow[g] = seqs.size();
        seqs.add(cuts[g][1]);
      }
      out.add(pending);
    }
    return out;
  }

  private AlleleResult finish(VariantInput input, Pending p, List<ScoringModel> models, List<ScoreTable> tables) {
    VariantEffect.Builder effect = VariantEffect.newBuilder()
        .setIndex(input.index())
        .setRecord(input.record().toBuilder().clearAlt().addAlt(input.record().getAlt(p.altIndex)))
        .setAltIndex(p.altIndex)
        .addAllWarnings(p.warnings);
    boolean both = options.strand() == StrandMode.STRAND_MODE_BOTH;
    for (int i = 0; i < models.size(); i++) {
      ScoringModel model = models.get(i);
      ScoreTable table = tables.get(i);
      int refRow = p.refRow[groupOf[i]];
      int altRow = p.altRow[groupOf[i]];
      ItemError error = table.error(refRow) != null ? table.error(refRow) : table.error(altRow);
      if (error != null) {
        String which = table.error(refRow) != null ? "reference" : "alternate";
        return skipAllele(input, p.altIndex, error.getReason(),
            "the scorer rejected the " + which + " window: " + error.getMessage(), model.id());
      }
      ModelEffect.Builder me = ModelEffect.newBuilder().setModelId(model.id());
      for (int t = 0; t < model.taskCount(); t++) {
        float ref = table.combined(refRow, t);
        float alt = table.combined(altRow, t);
        TaskEffect.Builder te = TaskEffect.newBuilder()
            .setTask(model.taskNames().get(t))
            .setRefScore(ref)
            .setAltScore(alt)
            .setDelta(alt - ref);
        if (model.binary()) {
          // Raw scores are logits, so the log-odds ratio is the difference of the logits.
          te.setLogOddsRatio(FloatValue.of(alt - ref));
          te.setProbabilityDelta(FloatValue.of((float) (Logits.probability(alt) - Logits.probability(ref))));
        }
        if (both) {
          te.setForward(strand(table.forward(refRow, t), table.forward(altRow, t)));
          te.setReverse(strand(table.reverse(refRow, t), table.reverse(altRow, t)));
        }
        me.addTasks(te);
      }
      effect.addModels(me);
    }
    return new AlleleResult(p.altIndex, effect.build(), null);
  }

  private static StrandEffect strand(float ref, float alt) {
    return StrandEffect.newBuilder().setRefScore(ref).setAltScore(alt).setDelta(alt - ref).build();
  }

  /** Null when the record can be looked at, else what is wrong with it. */
  static String malformed(VariantRecord rec) {
    if (rec.getChrom().isEmpty()) {
      return "empty CHROM, expected a contig name";
    }
    if (rec.getPos() < 1) {
      return "POS " + rec.getPos() + ", expected a 1-based position >= 1";
    }
    if (rec.getRef().isEmpty() || !isAcgtn(rec.getRef())) {
      return "REF " + Quoted.token(rec.getRef()) + ", expected one or more of A, C, G, T, N";
    }
    if (rec.getAltCount() == 0) {
      return "no ALT allele, expected at least one";
    }
    return null;
  }

  /** Null when ALT is plain bases, else why seqbind cannot score it. */
  static String unsupportedAllele(String alt) {
    if (alt.isEmpty() || alt.equals(".")) {
      return "missing ALT allele " + Quoted.token(alt) + ", expected bases A, C, G, T, N";
    }
    if (alt.startsWith("<") || alt.contains("[") || alt.contains("]") || alt.equals("*")) {
      return "symbolic ALT allele " + Quoted.token(alt) + " (structural variant, breakend or spanning deletion) cannot be"
          + " turned into a sequence, expected bases A, C, G, T, N";
    }
    if (!isAcgtn(alt)) {
      return "ALT allele " + Quoted.token(alt) + ", expected bases A, C, G, T, N";
    }
    return null;
  }

  static boolean isAcgtn(String s) {
    for (int i = 0; i < s.length(); i++) {
      switch (Character.toUpperCase(s.charAt(i))) {
        case 'A', 'C', 'G', 'T', 'N' -> { }
        default -> {
          return false;
        }
      }
    }
    return true;
  }

  private static AlleleResult skipRecord(VariantInput input, ErrorReason reason, String message) {
    return new AlleleResult(-1, null, skipped(input, input.record(), -1, reason, message, ""));
  }

  private static AlleleResult skipAllele(VariantInput input, int altIndex, ErrorReason reason, String message,
      String modelId) {
    VariantRecord one = input.record().toBuilder().clearAlt().addAlt(input.record().getAlt(altIndex)).build();
    return new AlleleResult(altIndex, null, skipped(input, one, altIndex, reason, message, modelId));
  }

  /** The status the item would have failed with alone (ItemError.code). */
  static Status.Code code(ErrorReason reason) {
    return switch (reason) {
      case ERROR_REASON_UNKNOWN_CONTIG -> Status.Code.NOT_FOUND;
      case ERROR_REASON_OUT_OF_RANGE -> Status.Code.OUT_OF_RANGE;
      case ERROR_REASON_FILTERED -> Status.Code.FAILED_PRECONDITION;
      case ERROR_REASON_INTERNAL -> Status.Code.INTERNAL;
      default -> Status.Code.INVALID_ARGUMENT;
    };
  }

  private static SkippedVariant skipped(VariantInput input, VariantRecord record, int altIndex, ErrorReason reason,
      String message, String modelId) {
    return SkippedVariant.newBuilder()
        .setRecord(record)
        .setAltIndex(altIndex)
        .setError(ItemError.newBuilder()
            .setIndex(input.index())
            .setId(input.record().getId())
            .setCode(code(reason).value())
            .setReason(reason)
            .setMessage(input.describe() + ": " + message)
            .setModelId(modelId))
        .build();
  }
}
