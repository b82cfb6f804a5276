package io.seqbind.core.io;

import java.util.List;

/**
 * How an error message may show a piece of its input: a short quoted token, never a line. Services read
 * files by server path for remote callers, so a message that echoed a line would hand out the first line of
 * any readable file (a password file's hash, a key). A token is cut to {@link #MAX_CHARS} characters and
 * every character outside printable ASCII is shown as its code point, so neither long content nor control
 * bytes reach a terminal or a log.
 */
public final class Quoted {

  /** The most characters of input an error message shows at once. */
  public static final int MAX_CHARS = 24;

  private Quoted() {}

  /** {@code 'value'}, cut to {@link #MAX_CHARS} characters (then {@code '...'} follows) and escaped. */
  public static String token(CharSequence value) {
    return "'" + escaped(value) + "'" + (value.length() > MAX_CHARS ? "..." : "");
  }

  /**
   * As {@link #token} without the quotes, for lists whose items are plainly names ({@code FoldID, EventID}):
   * cut to {@link #MAX_CHARS} characters (then {@code ...}) and escaped.
   */
  public static String bare(CharSequence value) {
    return escaped(value) + (value.length() > MAX_CHARS ? "..." : "");
  }

  /**
   * The first {@code max} names (from the input) as {@link #bare} tokens joined with ", ", then ", ..." if there
   * are more.
   */
  public static String firstFew(List<String> names, int max) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(max, names.size()); i++) {
      sb.append(i == 0 ? "" : ", ").append(bare(names.get(i)));
    }
    if (names.size() > max) {
      sb.append(", ...");
    }
    return sb.toString();
  }

  private static String escaped(CharSequence value) {
    StringBuilder out = new StringBuilder(MAX_CHARS + 8);
    int shown = Math.min(value.length(), MAX_CHARS);
    for (int i = 0; i < shown; i++) {
      char c = value.charAt(i);
      if (c >= 0x20 && c < 0x7f && c != '\'' && c != '\\') {
        out.append(c);
      } else {
        out.append(String.format("\\u%04X", (int) c));
      }
    }
    return out.toString();
  }
}
