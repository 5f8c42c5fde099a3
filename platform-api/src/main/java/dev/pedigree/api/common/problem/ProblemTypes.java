package dev.pedigree.api.common.problem;

import java.net.URI;

/** Stable problem {@code type} URIs (RFC 9457). Clients match on these, never on titles. */
public final class ProblemTypes {
  private static final String BASE = "https://pedigree.dev/problems/";

  public static final URI VALIDATION = URI.create(BASE + "validation");
  public static final URI MALFORMED_BODY = URI.create(BASE + "malformed-body");
  public static final URI NOT_FOUND = URI.create(BASE + "not-found");
  public static final URI CONFLICT = URI.create(BASE + "conflict");
  public static final URI GONE = URI.create(BASE + "gone");
  public static final URI NO_CONTENT = URI.create(BASE + "no-content");
  public static final URI RANGE_NOT_SATISFIABLE = URI.create(BASE + "range-not-satisfiable");
  public static final URI UNAUTHORIZED = URI.create(BASE + "unauthorized");
  public static final URI FORBIDDEN = URI.create(BASE + "forbidden");
  public static final URI METHOD_NOT_ALLOWED = URI.create(BASE + "method-not-allowed");
  public static final URI UNSUPPORTED_MEDIA_TYPE = URI.create(BASE + "unsupported-media-type");
  public static final URI PAYLOAD_TOO_LARGE = URI.create(BASE + "payload-too-large");
  public static final URI UNAVAILABLE = URI.create(BASE + "unavailable");
  public static final URI INTERNAL = URI.create(BASE + "internal");

  private ProblemTypes() {}

  /** The type of a problem known only by its status (framework and container errors). */
  public static URI forStatus(int status) {
    return switch (status) {
      case 401 -> UNAUTHORIZED;
      case 403 -> FORBIDDEN;
      case 404 -> NOT_FOUND;
      case 405 -> METHOD_NOT_ALLOWED;
      case 409 -> CONFLICT;
      case 413 -> PAYLOAD_TOO_LARGE;
      case 415, 406 -> UNSUPPORTED_MEDIA_TYPE;
      case 503 -> UNAVAILABLE;
      default -> status >= 500 ? INTERNAL : VALIDATION;
    };
  }
}
