package dev.pedigree.workers.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pedigree.workflows.spec.RunSpec;

/** A spec as the JSON that checkpoints and model files record. */
public final class SpecJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SpecJson() {}

  /** @throws IllegalArgumentException when {@code json} is not a {@code type} */
  public static <T extends RunSpec> T read(String json, Class<T> type) {
    try {
      return JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not the spec of a " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
    }
  }

  public static String of(RunSpec spec) {
    try {
      return JSON.writeValueAsString(spec);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("spec cannot be written as JSON", e);
    }
  }
}
