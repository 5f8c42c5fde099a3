package dev.pedigree.workers.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pedigree.workflows.spec.RunSpec;

/** A spec as the JSON that checkpoints and model files record. */
public final class SpecJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SpecJson() {}

  public static String of(RunSpec spec) {
    try {
      return JSON.writeValueAsString(spec);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("spec cannot be written as JSON", e);
    }
  }
}
