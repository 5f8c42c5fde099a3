package dev.pedigree.workers.store;

import java.net.URI;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The root of an S3 store, {@code s3://bucket/prefix}: runs keep their files under {@code prefix/runs/<runId>/}. Only
 * URIs of that exact shape are turned back into keys, so no URI can reach outside the prefix.
 */
record S3Location(String bucket, String prefix) {
  private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  /** @param location {@code s3://bucket} or {@code s3://bucket/some/prefix} */
  static S3Location parse(String location) {
    URI uri = URI.create(location);
    String bucket = uri.getRawAuthority();
    if (!"s3".equals(uri.getScheme()) || bucket == null || bucket.isBlank() || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("artifact location " + location + " is not s3://bucket/prefix");
    }
    List<String> segments =
        Stream.of(uri.getPath() == null ? new String[0] : uri.getPath().split("/")).filter(s -> !s.isEmpty()).toList();
    if (segments.contains(".") || segments.contains("..")) {
      throw new IllegalArgumentException("artifact location " + location + " has a relative segment");
    }
    return new S3Location(bucket, segments.isEmpty() ? "" : String.join("/", segments) + "/");
  }

  String runPrefix(UUID runId) {
    return prefix + "runs/" + runId + "/";
  }

  String key(UUID runId, String fileName) {
    if (!FILE_NAME.matcher(fileName).matches()) {
      throw new IllegalArgumentException("not a plain file name: " + fileName);
    }
    return runPrefix(runId) + fileName;
  }

  String uri(String key) {
    return "s3://" + bucket + "/" + key;
  }

  /** The key behind a URI this store handed out; anything else is refused. */
  String keyOf(String uri) {
    URI parsed = URI.create(uri);
    String path = parsed.getPath();
    if (!"s3".equals(parsed.getScheme()) || !bucket.equals(parsed.getRawAuthority()) || parsed.getRawQuery() != null
        || parsed.getRawFragment() != null || path == null || !path.startsWith("/" + prefix + "runs/")) {
      throw new IllegalArgumentException("not an artifact of this store (s3://" + bucket + "/" + prefix + "): " + uri);
    }
    String[] run = path.substring(prefix.length() + "/runs/".length()).split("/", -1);
    if (run.length != 2 || !isUuid(run[0])) {
      throw new IllegalArgumentException("not an artifact of this store (s3://" + bucket + "/" + prefix + "): " + uri);
    }
    return key(UUID.fromString(run[0]), run[1]);
  }

  private static boolean isUuid(String text) {
    try {
      return UUID.fromString(text).toString().equals(text);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
