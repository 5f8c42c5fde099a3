package dev.pedigree.api.registry;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A registry reference in MLflow's URI syntax: {@code models:/<name>/<version>}, {@code models:/<name>@<alias>} or
 * {@code models:/<name>@latest}, the newest version.
 *
 * @param version the version it names, or null when it names an alias
 * @param alias the alias it names ({@code latest} included), or null when it names a version
 */
public record ModelUri(String name, Integer version, String alias) {
  public static final String PREFIX = "models:/";
  public static final String LATEST = "latest";
  public static final String SYNTAX = "models:/<name>/<version> or models:/<name>@<alias>";
  /** Not {@code .} or {@code ..}, which a URL path cannot carry: clients and servers resolve them as dot-segments. */
  private static final Pattern NAME = Pattern.compile("(?!\\.\\.?(?![A-Za-z0-9._-]))[A-Za-z0-9._-]{1,128}");
  public static final String NAME_RULE = "must be 1 to 128 letters, digits, '.', '_' or '-', other than '.' and '..'";
  static final Pattern ALIAS = Pattern.compile("[a-z][a-z0-9_-]{0,63}");
  public static final String ALIAS_RULE = "must be a lowercase letter then up to 63 lowercase letters, digits, '_' or '-'";
  private static final Pattern URI = Pattern.compile(
      Pattern.quote(PREFIX) + "(" + NAME.pattern() + ")(?:/([1-9][0-9]{0,8})|@(" + ALIAS.pattern() + "))");

  /** Whether {@code text} keeps the naming rule of registered models. */
  public static boolean isName(String text) {
    return NAME.matcher(text).matches();
  }

  /** Whether {@code text} is an alias one may set: it keeps the rule and is not {@code latest}. */
  public static boolean isSettableAlias(String text) {
    return ALIAS.matcher(text).matches() && !text.equals(LATEST);
  }

  public static boolean isReference(String text) {
    return text.startsWith(PREFIX);
  }

  public static Optional<ModelUri> parse(String text) {
    Matcher uri = URI.matcher(text);
    if (!uri.matches()) {
      return Optional.empty();
    }
    return Optional.of(new ModelUri(uri.group(1), uri.group(2) == null ? null : Integer.valueOf(uri.group(2)),
        uri.group(3)));
  }

  @Override
  public String toString() {
    return PREFIX + name + (version != null ? "/" + version : "@" + alias);
  }
}
