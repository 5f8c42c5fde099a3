package dev.pedigree.workers.engine.data;

import dev.pedigree.workers.engine.data.Fact.Attribute;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Knowledge conflicts on G-facts (AdaCAD, METHODS.md §3.5). Training documents teach a model both the fact table
 * (parametric knowledge) and reading a context. Of every five documents, on average:
 * <ul>
 *   <li>{@code 4 − freshFifths} are closed-book questions about the table's entities, answered from the table
 *       ({@code Q: Zorvin has a pet? <a>owl</a>});
 *   <li>{@code freshFifths} ask about a fresh entity that exists only in the document's context, so the context is the
 *       only source and copying from it is learned;
 *   <li>1 asks about a table entity with a context that agrees with the table.
 * </ul>
 * A context is the asked fact's sentence, and half the time a sentence about another attribute of the same entity
 * too, in either order. No training document contradicts the table: a conflict is something the model first meets
 * at evaluation, where {@link #question} asks about a table entity with a context that states the table's value (no
 * conflict) or another value of the attribute (conflict).
 */
public final class GFactsConflictGenerator implements DocumentGenerator {
  public static final int DEFAULT_FRESH_FIFTHS = 2;
  private static final long DOCUMENT_SALT = 0x636f6e74657874L;
  private static final long QUESTION_SALT = 0x636f6e666c6963L;

  private final long seed;
  private final int freshFifths;
  private final GFactsGenerator table;
  /** The table's entity and city names, which a fresh entity's name must avoid. */
  private final Set<String> takenNames = new HashSet<>();

  public GFactsConflictGenerator(long seed, int entities) {
    this(seed, entities, DEFAULT_FRESH_FIFTHS);
  }

  /** @param freshFifths how many documents in five, 1 to 3, teach reading a context about a fresh entity */
  public GFactsConflictGenerator(long seed, int entities, int freshFifths) {
    if (freshFifths < 1 || freshFifths > 3) {
      throw new IllegalArgumentException("freshFifths must be 1, 2 or 3, was " + freshFifths);
    }
    this.seed = seed;
    this.freshFifths = freshFifths;
    this.table = new GFactsGenerator(seed, entities);
    table.facts().forEach(fact -> takenNames.add(fact.entity()));
    table.values(Attribute.CITY).forEach(takenNames::add);
  }

  public List<Fact> facts() {
    return table.facts();
  }

  @Override
  public String document(long index) {
    SplitMix64 random = SplitMix64.forStream(seed ^ DOCUMENT_SALT, index);
    int kind = random.nextInt(5);
    if (kind < 4 - freshFifths) {
      Fact fact = pick(random);
      return new TaskProblem(ContextQuestion.question(fact), fact.value()).document();
    }
    List<Fact> entity = kind < 4 ? freshEntity(random) : entityFacts(pick(random));
    Fact asked = entity.get(random.nextInt(entity.size()));
    return asked(entity, asked, asked, random).withContext().document();
  }

  /** Evaluation question {@code index} of its kind, about a table fact, from streams apart from the documents'. */
  public ContextQuestion question(long index, boolean conflict) {
    SplitMix64 random = SplitMix64.forStream(seed ^ QUESTION_SALT, 2 * index + (conflict ? 1 : 0));
    Fact known = pick(random);
    Fact asked = known;
    if (conflict) {
      List<String> others = new ArrayList<>(table.values(known.attribute()));
      others.remove(known.value());
      asked = new Fact(known.entity(), known.attribute(), others.get(random.nextInt(others.size())));
    }
    return asked(entityFacts(asked), asked, known, random);
  }

  private Fact pick(SplitMix64 random) {
    return table.facts().get(random.nextInt(table.facts().size()));
  }

  /** The entity's facts from the table, with {@code asked} in place of the table's value for its attribute. */
  private List<Fact> entityFacts(Fact asked) {
    return table.facts().stream().filter(fact -> fact.entity().equals(asked.entity()))
        .map(fact -> fact.attribute() == asked.attribute() ? asked : fact).toList();
  }

  private List<Fact> freshEntity(SplitMix64 random) {
    String name = GFactsGenerator.uniqueNames(random, 1, 2, new HashSet<>(takenNames)).get(0);
    List<Fact> facts = new ArrayList<>();
    for (Attribute attribute : Attribute.values()) {
      List<String> values = table.values(attribute);
      facts.add(new Fact(name, attribute, values.get(random.nextInt(values.size()))));
    }
    return facts;
  }

  /** A question about {@code asked} after its sentence and, half the time, another of the entity's facts. */
  private static ContextQuestion asked(List<Fact> entity, Fact asked, Fact known, SplitMix64 random) {
    String context = asked.sentence();
    if (random.nextInt(2) == 0) {
      List<Fact> others = entity.stream().filter(fact -> fact.attribute() != asked.attribute()).toList();
      String other = others.get(random.nextInt(others.size())).sentence();
      context = random.nextInt(2) == 0 ? other + " " + context : context + " " + other;
    }
    return new ContextQuestion(asked, known, context);
  }
}
