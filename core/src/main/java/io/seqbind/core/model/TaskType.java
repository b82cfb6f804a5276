package io.seqbind.core.model;

/** Binary tasks emit logits (sigmoid gives probabilities) and train with BCE; regression emits values, MSE. */
public enum TaskType {
  BINARY, REGRESSION
}
