package dev.pedigree.workers.engine.data;

/** One fictional entity–attribute fact of G-facts, e.g. {@code Zorvin lives in Tamberlo.} */
public record Fact(String entity, Attribute attribute, String value) {
  /** What G-facts says about its entities, with the words that state it. */
  public enum Attribute {
    CITY("lives in"),
    JOB("works as a"),
    COLOR("likes the color"),
    PET("has a pet");

    private final String phrase;

    Attribute(String phrase) {
      this.phrase = phrase;
    }

    public String phrase() {
      return phrase;
    }
  }

  public String sentence() {
    return entity + " " + attribute.phrase() + " " + value + ".";
  }
}
