package dev.pedigree.api.registry;

/** One term of a registry search's order; the model name, then the newest version, break the ties it leaves. */
public record RegistryOrder(Field field, boolean ascending) {

  /** What a search orders by; a model has no {@code VERSION}. */
  public enum Field {
    NAME,
    VERSION,
    CREATED,
    UPDATED
  }
}
