package dev.pedigree.workers.bench;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code --name value} or {@code --name=value} options of a bench command; unknown or malformed ones are errors. */
public final class BenchOptions {
  private final Map<String, String> values;

  private BenchOptions(Map<String, String> values) {
    this.values = values;
  }

  /** @param known the option names this command takes, without the leading dashes */
  public static BenchOptions parse(String[] args, Set<String> known) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + arg + "'; options: " + names(known));
      }
      int equals = arg.indexOf('=');
      String name = equals < 0 ? arg.substring(2) : arg.substring(2, equals);
      if (!known.contains(name)) {
        throw new IllegalArgumentException("unknown option --" + name + "; options: " + names(known));
      }
      if (equals >= 0) {
        values.put(name, arg.substring(equals + 1));
      } else if (i + 1 < args.length) {
        values.put(name, args[++i]);
      } else {
        throw new IllegalArgumentException("option --" + name + " needs a value");
      }
    }
    return new BenchOptions(values);
  }

  public Optional<String> text(String name) {
    return Optional.ofNullable(values.get(name));
  }

  public Optional<Integer> positiveInt(String name) {
    return Optional.ofNullable(values.get(name)).map(value -> positive(name, value));
  }

  public int positiveInt(String name, int fallback) {
    return positiveInt(name).orElse(fallback);
  }

  public double positiveDouble(String name, double fallback) {
    String value = values.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      double parsed = Double.parseDouble(value.strip());
      if (parsed > 0 && Double.isFinite(parsed)) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("--" + name + " must be a positive number, got '" + value + "'");
  }

  /** A comma-separated list such as {@code 1,2}. */
  public List<Integer> positiveInts(String name, List<Integer> fallback) {
    String value = values.get(name);
    if (value == null) {
      return fallback;
    }
    return Arrays.stream(value.split(",")).map(String::strip).map(part -> positive(name, part)).toList();
  }

  private static String names(Set<String> known) {
    return known.stream().sorted().map(name -> "--" + name).reduce((a, b) -> a + ", " + b).orElse("none");
  }

  private static int positive(String name, String value) {
    try {
      int parsed = Integer.parseInt(value.strip());
      if (parsed > 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("--" + name + " must be a positive integer, got '" + value + "'");
  }
}
