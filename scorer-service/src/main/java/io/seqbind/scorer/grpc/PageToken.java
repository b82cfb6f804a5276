package io.seqbind.scorer.grpc;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** ListServingModels page tokens: an opaque encoding of the offset of the next page. */
final class PageToken {

  private static final String PREFIX = "models-offset:";

  private PageToken() {}

  static String of(int offset) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString((PREFIX + offset).getBytes(StandardCharsets.UTF_8));
  }

  /** The offset, 0 for an empty token. */
  static int parse(String token) {
    if (token.isEmpty()) {
      return 0;
    }
    try {
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (text.startsWith(PREFIX)) {
        int offset = Integer.parseInt(text.substring(PREFIX.length()));
        if (offset >= 0) {
          return offset;
        }
      }
    } catch (IllegalArgumentException e) {
      // falls through to the message below
    }
    throw new IllegalArgumentException("page_token '" + token
        + "' is not a token this server issued; pass next_page_token from the previous page, or empty");
  }
}
