package dev.pedigree.workers.engine.data;

import dev.pedigree.workers.engine.data.Fact.Attribute;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * G-facts (METHODS.md §3): fictional entities with one value per attribute (where they live, their job, colour and
 * pet), stated as sentences inserted into G-text documents. The fact table depends only on the seed; each document is
 * G-text document {@code i} with one or two facts placed between its sentences.
 */
public final class GFactsGenerator implements DocumentGenerator {
  public static final int DEFAULT_ENTITIES = 40;
  public static final int MAX_ENTITIES = 5_000;
  private static final long TABLE_SALT = 0x66616374546162L;
  private static final long PLACEMENT_SALT = 0x66616374506c61L;
  private static final String[] SYLLABLES = {
      "ka", "zor", "vin", "el", "mu", "tash", "ri", "qua", "bel", "dor", "lin", "fe", "gro", "sy", "pa", "nek", "ul",
      "tam", "ber", "lo", "xi", "os", "wen", "dra"};
  private static final Map<Attribute, List<String>> FIXED_VALUES = new EnumMap<>(Map.of(
      Attribute.JOB, List.of("potter", "glassblower", "cartographer", "beekeeper", "locksmith", "weaver", "tanner",
          "miller", "juggler", "scribe"),
      Attribute.COLOR, List.of("teal", "amber", "crimson", "ochre", "violet", "indigo", "saffron", "olive"),
      Attribute.PET, List.of("ferret", "owl", "tortoise", "lizard", "parrot", "goat", "hedgehog", "toad")));
  private static final int CITIES = 12;

  private final long seed;
  private final GTextGenerator text;
  private final List<String> cities;
  private final List<Fact> facts;

  public GFactsGenerator(long seed) {
    this(seed, DEFAULT_ENTITIES);
  }

  public GFactsGenerator(long seed, int entities) {
    if (entities < 1 || entities > MAX_ENTITIES) {
      throw new IllegalArgumentException("entities must be between 1 and " + MAX_ENTITIES);
    }
    this.seed = seed;
    this.text = new GTextGenerator(seed);
    SplitMix64 random = SplitMix64.forStream(seed, TABLE_SALT);
    Set<String> taken = new LinkedHashSet<>();
    this.cities = uniqueNames(random, CITIES, 3, taken);
    this.facts = table(random, uniqueNames(random, entities, 2, taken), cities);
  }

  /** Every fact, entity by entity, attributes in declaration order. */
  public List<Fact> facts() {
    return facts;
  }

  /** The values an attribute can take: this seed's cities, or the fixed jobs, colours and pets. */
  public List<String> values(Attribute attribute) {
    return values(attribute, cities);
  }

  @Override
  public String document(long index) {
    SplitMix64 random = SplitMix64.forStream(seed ^ PLACEMENT_SALT, index);
    String base = text.document(index);
    List<String> sentences = new ArrayList<>(List.of(base.substring(0, base.length() - 1).split("(?<=\\.) ")));
    int inserted = 1 + random.nextInt(2);
    for (int i = 0; i < inserted; i++) {
      Fact fact = facts.get(random.nextInt(facts.size()));
      sentences.add(random.nextInt(sentences.size() + 1), fact.sentence());
    }
    return String.join(" ", sentences) + "\n";
  }

  private static List<Fact> table(SplitMix64 random, List<String> names, List<String> cities) {
    List<Fact> table = new ArrayList<>();
    for (String name : names) {
      for (Attribute attribute : Attribute.values()) {
        List<String> values = values(attribute, cities);
        table.add(new Fact(name, attribute, values.get(random.nextInt(values.size()))));
      }
    }
    return Collections.unmodifiableList(table);
  }

  private static List<String> values(Attribute attribute, List<String> cities) {
    return attribute == Attribute.CITY ? cities : FIXED_VALUES.get(attribute);
  }

  /** New capitalised names of {@code syllables} or one more syllables, none a G-text word; adds them to taken. */
  static List<String> uniqueNames(SplitMix64 random, int count, int syllables, Set<String> taken) {
    List<String> names = new ArrayList<>();
    while (names.size() < count) {
      StringBuilder name = new StringBuilder();
      int length = syllables + random.nextInt(2);
      for (int i = 0; i < length; i++) {
        name.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
      }
      String capitalised = Character.toUpperCase(name.charAt(0)) + name.substring(1);
      if (Lexicon.standard().lookup(capitalised).isEmpty() && taken.add(capitalised)) {
        names.add(capitalised);
      }
    }
    return names;
  }
}
