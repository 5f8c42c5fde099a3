package dev.pedigree.workflows.spec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;

/** Collects field errors with their JSON paths while a spec checks itself. */
public final class SpecChecks {
  private final List<SpecError> errors = new ArrayList<>();

  public void range(String field, long value, long min, long max) {
    if (value < min || value > max) {
      errors.add(new SpecError(field, "must be between " + min + " and " + max + ", was " + value));
    }
  }

  public void range(String field, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      errors.add(new SpecError(field, "must be between " + min + " and " + max + ", was " + value));
    }
  }

  public void require(boolean ok, String field, String message) {
    if (!ok) {
      errors.add(new SpecError(field, message));
    }
  }

  /** One of {@code allowed}; the message lists them sorted, the same in every JVM (a {@code Set.of} is not). */
  public void oneOf(String field, String value, Collection<String> allowed) {
    require(allowed.contains(value), field, "must be one of " + new TreeSet<>(allowed));
  }

  /** A model artifact id: a UUID, or absent when optional. */
  public void artifactId(String field, String value, boolean required) {
    if (value == null) {
      require(!required, field, "must name a model artifact id");
    } else {
      try {
        UUID.fromString(value);
      } catch (IllegalArgumentException e) {
        errors.add(new SpecError(field, "must be an artifact id (a UUID), was '" + value + "'"));
      }
    }
  }

  /** {@code cpu}, {@code cuda} or {@code auto}. */
  public void device(String field, String device) {
    oneOf(field, device, PretrainSpec.DEVICES);
  }

  /** The step counts, learning rate and clipping of a training loop whose fields sit directly under {@code at}. */
  public void loop(String at, long steps, double learningRate, double gradClip, long evalEvery, long checkpointEvery) {
    range(at + ".steps", steps, 1, 100_000_000);
    range(at + ".learningRate", learningRate, 1e-10, 10.0);
    range(at + ".gradClip", gradClip, 0.0, 1e6);
    range(at + ".evalEvery", evalEvery, 1, 100_000_000);
    range(at + ".checkpointEvery", checkpointEvery, 1, 100_000_000);
  }

  public List<SpecError> errors() {
    return List.copyOf(errors);
  }
}
