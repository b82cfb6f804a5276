package io.seqbind.variant.scoring;

import io.seqbind.proto.v1.ModelInfo;
import io.seqbind.proto.v1.ModelRef;
import io.seqbind.proto.v1.ReverseComplementMode;
import io.seqbind.proto.v1.TaskType;
import java.util.List;

/**
 * What the variant tools need to know about one model, taken from its {@link ModelInfo}: how to reference
 * it at the scorer, its tasks, whether scores are logits (binary tasks) and the window length to score.
 *
 * @param windowLength length of every scored window; {@code training_data.sequence_length} unless the
 *     caller overrides it, never below the model's {@code min_length}
 */
public record ScoringModel(ModelInfo info, int windowLength) {

  public ScoringModel {
    if (info.getId().isEmpty()) {
      throw new IllegalArgumentException("model " + info.getName().getName() + " has no id");
    }
    if (info.getTaskNamesCount() == 0) {
      throw new IllegalArgumentException("model " + info.getId() + " has no task names");
    }
    if (windowLength < 1 || windowLength < info.getMinLength()) {
      throw new IllegalArgumentException("window length " + windowLength + " for model " + label(info)
          + " is below the model's min_length " + info.getMinLength() + ", expected a length >= "
          + Math.max(1, info.getMinLength()));
    }
  }

  /** The model at its training sequence length. */
  public static ScoringModel of(ModelInfo info) {
    int length = info.getTrainingData().getSequenceLength();
    if (length <= 0) {
      throw new IllegalArgumentException("model " + label(info)
          + " records no training sequence length, expected training_data.sequence_length > 0 or an explicit"
          + " window length");
    }
    return new ScoringModel(info, length);
  }

  /**
   * The model for inputs whose length the caller decides (mutation maps score the sequence as given): the
   * window length is only a lower bound here, the model's min_length.
   */
  public static ScoringModel anyLength(ModelInfo info) {
    return new ScoringModel(info, Math.max(1, info.getMinLength()));
  }

  /** The model at {@code windowLength}, or at its training length when {@code windowLength} is null. */
  public static ScoringModel of(ModelInfo info, Integer windowLength) {
    return windowLength == null ? of(info) : new ScoringModel(info, windowLength);
  }

  public String id() {
    return info.getId();
  }

  /** How the scorer is asked for this model: by id, which is unambiguous. */
  public ModelRef ref() {
    return ModelRef.newBuilder().setId(info.getId()).build();
  }

  public List<String> taskNames() {
    return info.getTaskNamesList();
  }

  public int taskCount() {
    return info.getTaskNamesCount();
  }

  /** Binary tasks have logits as raw scores, so log-odds ratios and probability deltas apply. */
  public boolean binary() {
    return info.getTaskType() == TaskType.TASK_TYPE_BINARY;
  }

  /** The model scores both strands itself (max or mean), so its per-strand scores are worth reporting. */
  public boolean strandAware() {
    ReverseComplementMode m = info.getReverseComplement();
    return m == ReverseComplementMode.REVERSE_COMPLEMENT_MODE_MAX
        || m == ReverseComplementMode.REVERSE_COMPLEMENT_MODE_MEAN;
  }

  /** A short name for messages and column headers: the model name (and version), else the id. */
  public String label() {
    return label(info);
  }

  static String label(ModelInfo info) {
    String name = info.getName().getName();
    if (name.isEmpty()) {
      return info.getId().length() > 12 ? info.getId().substring(0, 12) : info.getId();
    }
    return info.getName().getVersion().isEmpty() ? name : name + "_" + info.getName().getVersion();
  }
}
