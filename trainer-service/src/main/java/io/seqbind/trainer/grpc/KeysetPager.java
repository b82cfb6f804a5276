package io.seqbind.trainer.grpc;

import io.seqbind.core.grpc.PageToken;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Keyset paging over a listing in a total order: a page token holds the sort keys of the page's last item
 * (and the request's filter, so a token is only good for the filter it was made for); the next page is what
 * sorts after it. Unlike an offset, a job or model added meanwhile neither repeats nor skips an item.
 *
 * @param <T> the listed messages
 */
final class KeysetPager<T> {

  /** One page and the token of the next, "" when this is the last. */
  record Page<T>(List<T> items, String nextPageToken) {}

  private final String listing;
  private final Comparator<T> order;
  private final int keyCount;
  private final Function<T, List<String>> keys;
  private final Function<List<String>, T> cursor;

  /**
   * @param listing  the listing's name in its tokens
   * @param order    the total order of the listing
   * @param keyCount how many keys {@code keys} gives
   * @param keys     an item's sort keys, as strings
   * @param cursor   an item that sorts where those keys say (only its key fields set); may throw
   *     NumberFormatException for a damaged token
   */
  KeysetPager(String listing, Comparator<T> order, int keyCount, Function<T, List<String>> keys,
      Function<List<String>, T> cursor) {
    this.listing = listing;
    this.order = order;
    this.keyCount = keyCount;
    this.keys = keys;
    this.cursor = cursor;
  }

  /**
   * The page of {@code items} that {@code pageToken} asks for.
   *
   * @param filter   the request's filter, in a canonical string form
   * @param matches  whether an item passes the filter
   * @throws IllegalArgumentException naming page_size or page_token (INVALID_ARGUMENT)
   */
  Page<T> page(Iterable<T> items, String filter, Predicate<T> matches, int pageSize, String pageToken) {
    int size = PageToken.pageSize(pageSize);
    T after = null;
    if (!pageToken.isEmpty()) {
      List<String> afterKeys = PageToken.decode(pageToken, listing, filter, keyCount).after();
      try {
        after = cursor.apply(afterKeys);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("page_token: damaged; start again without a page_token");
      }
    }
    List<T> matching = new ArrayList<>();
    for (T item : items) {
      if ((after == null || order.compare(item, after) > 0) && matches.test(item)) {
        matching.add(item);
      }
    }
    matching.sort(order);
    if (matching.size() <= size) {
      return new Page<>(matching, "");
    }
    T last = matching.get(size - 1);
    return new Page<>(List.copyOf(matching.subList(0, size)),
        new PageToken(listing, filter, keys.apply(last)).encode());
  }
}
