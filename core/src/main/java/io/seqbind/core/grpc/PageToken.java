package io.seqbind.core.grpc;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * An opaque page token: which listing it belongs to, the filter it was made under and the sort key of the last
 * item returned (keyset paging, so items added while a client pages through do not shift later pages). Tokens
 * are not secret; they only need to be recognised, so a token from another listing, another filter or another
 * program is refused instead of silently restarting the listing. Shared by every listing RPC (the trainer's jobs
 * and models, the scorer's serving models).
 */
public record PageToken(String listing, String filter, List<String> after) {

  private static final String MAGIC = "seqbind-page-1";
  // Unit separator: cannot occur in model names, versions, job ids or numbers.
  private static final String SEP = "\u001f";

  public String encode() {
    String plain = MAGIC + SEP + listing + SEP + filter + SEP + String.join(SEP, after);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads a token made by {@link #encode()} for the same listing and filter.
   *
   * @param keys the number of sort-key fields the listing uses
   * @throws IllegalArgumentException with a message for the client when the token is not such a token
   */
  public static PageToken decode(String token, String listing, String filter, int keys) {
    String plain;
    try {
      plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("page_token: not a token from this server's " + listing
          + " (pass next_page_token from the previous response unchanged)");
    }
    String[] parts = plain.split(SEP, -1);
    if (parts.length != 3 + keys || !parts[0].equals(MAGIC) || !parts[1].equals(listing)) {
      throw new IllegalArgumentException("page_token: not a token from this server's " + listing
          + " (pass next_page_token from the previous response unchanged)");
    }
    if (!parts[2].equals(filter)) {
      throw new IllegalArgumentException("page_token: made for a different filter; repeat the filter of the request"
          + " that returned it, or start again without a page_token");
    }
    return new PageToken(listing, filter, Arrays.asList(parts).subList(3, parts.length));
  }

  /** The page size a request asks for: 0 means 50, above 1000 means 1000; negative is refused. */
  public static int pageSize(int requested) {
    if (requested < 0) {
      throw new IllegalArgumentException("page_size: must be 0 (the default, 50) or more, got " + requested);
    }
    return requested == 0 ? 50 : Math.min(requested, 1000);
  }
}
