package dev.pedigree.workers.engine.data;

/**
 * A question about one attribute of an entity, asked after a context that states a value for it: {@code Zorvin has a
 * pet toad. Q: Zorvin has a pet? <a>toad</a>}. The right answer is always the context's value.
 *
 * @param asked the entity and attribute asked about, with the value the context states
 * @param known the same with the fact table's value; {@code asked} itself for an entity the table does not have
 * @param context one or two fact sentences about the entity, one of them stating {@code asked}
 */
public record ContextQuestion(Fact asked, Fact known, String context) {
  /** Whether the context's value differs from the fact table's. */
  public boolean conflict() {
    return !asked.equals(known);
  }

  /** The question alone, as the model is asked without context: {@code Q: Zorvin has a pet?}. */
  public String question() {
    return question(asked);
  }

  /** The problem with its context: the prompt is the context then the question. */
  public TaskProblem withContext() {
    return new TaskProblem(context + " " + question(), asked.value());
  }

  static String question(Fact fact) {
    return "Q: " + fact.entity() + " " + fact.attribute().phrase() + "?";
  }
}
