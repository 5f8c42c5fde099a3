package dev.pedigree.api.common;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The path Spring MVC routes on: decoded, normalized, without {@code ;parameters}. Checking the raw request URI instead
 * would let {@code /%61pi/v1/runs} or {@code /api/v1/tokens;x} reach a controller past a filter's rules.
 */
public final class RequestPaths {
  private RequestPaths() {}

  public static String of(HttpServletRequest request) {
    String pathInfo = request.getPathInfo();
    return pathInfo == null ? request.getServletPath() : request.getServletPath() + pathInfo;
  }
}
