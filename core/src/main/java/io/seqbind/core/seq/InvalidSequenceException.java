package io.seqbind.core.seq;

/**
 * A sequence handed to the encoder (or to {@link Bases#check}) holds a character that is not a base.
 * The message names the sequence, the 1-based position and the character, so a person can find it; readers
 * catch nothing of this kind because they check characters themselves and report file, line and column.
 */
public final class InvalidSequenceException extends IllegalArgumentException {

  private final String sequenceName;
  private final int position;
  private final char character;

  /**
   * @param sequenceName how the sequence is named in the message: {@code 'id'} or {@code at index 3}
   * @param position     1-based position of the bad character
   * @param character    the bad character
   */
  public InvalidSequenceException(String sequenceName, int position, char character) {
    super("sequence " + sequenceName + " position " + position + ": unexpected character "
        + Bases.describe(character) + " (expected " + Bases.EXPECTED + ")");
    this.sequenceName = sequenceName;
    this.position = position;
    this.character = character;
  }

  /** The sequence as the message names it ({@code 'id'} or {@code at index 3}). */
  public String sequenceName() {
    return sequenceName;
  }

  /** 1-based position of the bad character in the sequence. */
  public int position() {
    return position;
  }

  public char character() {
    return character;
  }

  /** Names a sequence by id: {@code 'chr1:100-201'}. */
  public static String byId(String id) {
    return io.seqbind.core.io.Quoted.token(id);
  }

  /** Names a sequence by its 0-based index in a batch or file: {@code at index 3}. */
  public static String byIndex(long index) {
    return "at index " + index;
  }
}
