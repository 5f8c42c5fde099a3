package dev.pedigree.api.artifact;

import dev.pedigree.api.common.problem.ApiProblem;
import dev.pedigree.api.common.problem.ProblemTypes;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** One satisfiable range of a file's bytes, {@code first} to {@code last} inclusive (RFC 9110 §14.1.2). */
record ByteRange(long first, long last) {
  private static final Pattern ONE_RANGE = Pattern.compile("bytes=(\\d{0,18})-(\\d{0,18})");

  long length() {
    return last - first + 1;
  }

  /** The value of a {@code Content-Range} header for this range of a file of {@code size} bytes. */
  String contentRange(long size) {
    return "bytes " + first + "-" + last + "/" + size;
  }

  /**
   * The range a {@code Range} header asks of a file of {@code size} bytes: {@code bytes=a-b}, {@code bytes=a-} or the
   * suffix {@code bytes=-n}. Empty for a header to ignore (the whole file is sent): several ranges or another syntax,
   * as RFC 9110 allows a server.
   *
   * @throws ApiProblem 416, with the file's size in {@code Content-Range}, when no byte of the file is in the range
   */
  static Optional<ByteRange> parse(String header, long size) {
    Matcher range = ONE_RANGE.matcher(header.strip());
    if (!range.matches() || range.group(1).isEmpty() && range.group(2).isEmpty()) {
      return Optional.empty();
    }
    if (range.group(1).isEmpty()) {
      long suffix = Long.parseLong(range.group(2));
      if (suffix == 0 || size == 0) {
        throw unsatisfiable(header, size);
      }
      return Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
    }
    long first = Long.parseLong(range.group(1));
    long last = range.group(2).isEmpty() ? Long.MAX_VALUE : Long.parseLong(range.group(2));
    if (last < first) {
      return Optional.empty();
    }
    if (first >= size) {
      throw unsatisfiable(header, size);
    }
    return Optional.of(new ByteRange(first, Math.min(last, size - 1)));
  }

  private static ApiProblem unsatisfiable(String header, long size) {
    ApiProblem problem = new ApiProblem(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE, ProblemTypes.RANGE_NOT_SATISFIABLE,
        "Range not satisfiable", "The range " + header.strip() + " has no byte of this " + size + "-byte file.",
        List.of());
    problem.getHeaders().set(HttpHeaders.CONTENT_RANGE, "bytes */" + size);
    return problem;
  }
}
