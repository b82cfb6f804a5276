package io.seqbind.scorer.batching;

/** The batcher holds as many sequences as it may; the caller should retry later (RESOURCE_EXHAUSTED). */
public final class QueueFullException extends RuntimeException {

  public QueueFullException(String message) {
    super(message);
  }
}
