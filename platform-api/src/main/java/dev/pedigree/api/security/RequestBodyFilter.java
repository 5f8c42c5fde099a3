package dev.pedigree.api.security;

import dev.pedigree.api.common.RequestPaths;
import dev.pedigree.api.common.problem.FilterProblems;
import dev.pedigree.api.common.problem.ProblemTypes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Refuses request bodies the API must not read, before anything reads them.
 *
 * <p>A body in a charset Java does not know is a 415. A body over 32 MiB for metric ingest, or over 1 MiB for anything
 * else under {@code /api/}, is a 413: a declared Content-Length is checked before reading; a chunked body is counted
 * as it is read and fails to read past the limit, and its answer is held back until the handler is done, so that
 * whatever the handler made of the cut-off body (typically a 400) is replaced by the 413. Handlers read a body whole
 * before they write anything, so nothing of a refused body is stored.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class RequestBodyFilter extends OncePerRequestFilter {
  static final long MAX_BODY = 1L << 20;
  static final long MAX_METRICS_BODY = 32L << 20;
  private static final Pattern CHARSET = Pattern.compile("(?i)charset\\s*=\\s*\"?([^\";]*)");
  private static final Pattern METRICS_INGEST = Pattern.compile("^/api/v1/runs/[^/]+/metrics$");

  private final FilterProblems problems;

  RequestBodyFilter(FilterProblems problems) {
    this.problems = problems;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !RequestPaths.of(request).startsWith("/api/");
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (!knownCharset(request)) {
      problems.write(RequestPaths.of(request), response, HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          ProblemTypes.UNSUPPORTED_MEDIA_TYPE, "Unsupported Media Type",
          "The Content-Type names a charset this server does not know; send UTF-8.");
      return;
    }
    long limit = limitFor(request);
    if (request.getContentLengthLong() > limit) {
      refuse(request, response, limit);
      return;
    }
    if (request.getHeader("Transfer-Encoding") == null) {
      chain.doFilter(request, response);
      return;
    }
    SizeLimitedRequest limited = new SizeLimitedRequest(request, limit);
    ContentCachingResponseWrapper heldBack = new ContentCachingResponseWrapper(response);
    chain.doFilter(limited, heldBack);
    if (limited.exceeded()) {
      response.reset();
      refuse(request, response, limit);
    } else {
      heldBack.copyBodyToResponse();
    }
  }

  /** Spring fails with a 500 on some charsets Java does not know (even while writing the error answer). */
  private static boolean knownCharset(HttpServletRequest request) {
    Matcher charset = CHARSET.matcher(String.valueOf(request.getContentType()));
    try {
      return !charset.find() || Charset.isSupported(charset.group(1));
    } catch (IllegalCharsetNameException e) {
      return false;
    }
  }

  private static long limitFor(HttpServletRequest request) {
    boolean ingest = "POST".equals(request.getMethod()) && METRICS_INGEST.matcher(RequestPaths.of(request)).matches();
    return ingest ? MAX_METRICS_BODY : MAX_BODY;
  }

  private void refuse(HttpServletRequest request, HttpServletResponse response, long limit) throws IOException {
    problems.write(RequestPaths.of(request), response, HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.PAYLOAD_TOO_LARGE,
        "Request body too large", "The request body is over the limit of " + (limit >> 20) + " MiB for this endpoint.");
  }
}
