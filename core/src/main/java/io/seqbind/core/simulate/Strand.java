package io.seqbind.core.simulate;

/** The strand a motif site was planted on: PLUS reads the motif left to right, MINUS its reverse complement. */
public enum Strand {
  PLUS('+'),
  MINUS('-');

  private final char symbol;

  Strand(char symbol) {
    this.symbol = symbol;
  }

  /** '+' or '-', as BED and narrowPeak write it. */
  public char symbol() {
    return symbol;
  }
}
