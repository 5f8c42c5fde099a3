package dev.pedigree.api.mlflow;

import java.util.List;

/**
 * One page of a listing. Page tokens are the decimal offset of the next page: opaque to clients, as in MLflow.
 *
 * @param nextPageToken null on the last page
 */
record Page<T>(List<T> items, String nextPageToken) {

  /** The offset a token stands for; no token is the first page. */
  static long offset(String pageToken) {
    if (pageToken == null || pageToken.isEmpty()) {
      return 0;
    }
    try {
      long offset = Long.parseLong(pageToken);
      if (offset >= 0) {
        return offset;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw MlflowException.invalid("Invalid page token '" + pageToken + "'.");
  }

  /** @param fetched up to {@code limit + 1} items from {@code offset}: one more than the page tells that more follow */
  static <T> Page<T> of(List<T> fetched, int limit, long offset) {
    return fetched.size() > limit
        ? new Page<>(fetched.subList(0, limit), Long.toString(offset + limit))
        : new Page<>(fetched, null);
  }

  /** {@code max_results}: {@code absent} when not given, at most {@code max}. */
  static int maxResults(MlflowRequest request, int absent, int max) {
    long value = request.int64("max_results", absent);
    if (value < 1 || value > max) {
      throw MlflowException.invalid("Invalid value " + value + " for parameter 'max_results' supplied: it must be"
          + " from 1 to " + max + ".");
    }
    return (int) value;
  }
}
