package dev.pedigree.api.common;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Ids as people paste them: a UUID in its canonical dashed form, or its 32 hex digits without dashes (the form MLflow
 * clients print a run's id in). Anything else, including the shortened forms {@link UUID#fromString} lets through,
 * is no id.
 */
public final class Ids {
  private static final Pattern DASHED =
      Pattern.compile("\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}");
  private static final Pattern HEX32 = Pattern.compile("\\p{XDigit}{32}");

  private Ids() {}

  public static Optional<UUID> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    if (HEX32.matcher(text).matches()) {
      return Optional.of(new UUID(Long.parseUnsignedLong(text.substring(0, 16), 16),
          Long.parseUnsignedLong(text.substring(16), 16)));
    }
    return DASHED.matcher(text).matches() ? Optional.of(UUID.fromString(text)) : Optional.empty();
  }
}
