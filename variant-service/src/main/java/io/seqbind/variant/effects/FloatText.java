package io.seqbind.variant.effects;

/**
 * {@link Float#toString(float)} with a memory of the last few values, for the effects TSV: a row repeats
 * values (the log-odds ratio is the delta; a model that takes the max of both strands reports one strand's
 * scores again as its own), and Float.toString was a third of the writing thread's time (JFR, 10 models with
 * strand columns). The text is Float.toString's, so files do not change.
 */
final class FloatText {

  /** Entries of the direct-mapped memory: a row has up to 11 values, about 7 of them distinct. */
  private static final int SLOTS = 16;

  private final int[] bits = new int[SLOTS];
  private final String[] texts = new String[SLOTS];

  /** Appends Float.toString(value) to {@code to}; returns {@code to}. */
  StringBuilder append(StringBuilder to, float value) {
    int b = Float.floatToRawIntBits(value);
    int slot = (b * 0x9E3779B9) >>> 28;
    String text = texts[slot];
    if (text == null || bits[slot] != b) {
      text = Float.toString(value);
      texts[slot] = text;
      bits[slot] = b;
    }
    return to.append(text);
  }
}
