package dev.pedigree.api;

import java.nio.charset.StandardCharsets;

/**
 * One request of a fuzz test. {@code maySucceed}: a GET, or an MLflow call, which may also succeed; every other
 * request must be refused.
 * {@code credential} names the token (never the secret) so that a failure report can be shared.
 */
record HostileRequest(String method, String path, String contentType, String accept, String credential,
    String authorization, byte[] body, boolean chunked, boolean maySucceed) {

  String describe() {
    StringBuilder text = new StringBuilder(method).append(' ').append(abbreviate(path, 300));
    text.append("  [token=").append(credential).append(", content-type=").append(contentType)
        .append(", accept=").append(accept).append(chunked ? ", chunked" : "").append(']');
    if (body != null) {
      text.append("\n  body (").append(body.length).append(" bytes): ")
          .append(abbreviate(printable(new String(body, StandardCharsets.UTF_8)), 600));
    }
    return text.toString();
  }

  private static String abbreviate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + "…(" + (text.length() - max) + " more)";
  }

  private static String printable(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints().limit(2000).forEach(c -> {
      if (c < 0x20 || c == 0x7f || (c >= 0xd800 && c <= 0xdfff) || c == 0xfffd) {
        out.append(String.format("\\u%04x", c));
      } else {
        out.appendCodePoint(c);
      }
    });
    return out.toString();
  }
}
