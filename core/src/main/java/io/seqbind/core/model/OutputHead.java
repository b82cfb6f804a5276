package io.seqbind.core.model;

/**
 * The last, linear dense layer: one output per task (a logit for binary tasks, a value for regression).
 */
public record OutputHead(int tasks, TaskType type) {

  void validate(int layerIndex) {
    if (tasks < 1) {
      throw InvalidSpecException.field(layerIndex, "head", "tasks", "at least 1", tasks);
    }
    if (type == null) {
      throw InvalidSpecException.field(layerIndex, "head", "type", "BINARY or REGRESSION", null);
    }
  }
}
