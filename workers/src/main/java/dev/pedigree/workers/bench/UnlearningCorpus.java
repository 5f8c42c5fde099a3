package dev.pedigree.workers.bench;

import dev.pedigree.workers.engine.data.Fact;
import dev.pedigree.workers.engine.data.GFactsGenerator;
import dev.pedigree.workers.engine.data.GTextGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * One seed's unlearning setup on G-facts (METHODS.md §3.3 #3): a fact table, the first {@code targets} entities to
 * forget, and the texts as files, a document a line.
 *
 * @param targets the facts to forget: every attribute of the target entities
 * @param retained every other entity's facts
 * @param anchors each target entity's name and a fresh generic name of the same length (bytes, so byte tokens)
 * @param training G-facts documents stating every fact: the base's data
 * @param control the same documents without the targets' fact sentences: the control's data
 * @param forget the training documents that state a target fact, with every other fact sentence taken out
 * @param generalTexts G-text documents from after the training ones, for general-text perplexity
 */
record UnlearningCorpus(List<Fact> targets, List<Fact> retained, Map<String, String> anchors, Path training,
    Path control, Path forget, List<String> generalTexts) {
  static final int GENERAL_TEXTS = 100;
  private static final String LETTERS = "bdfghklmnprstvz";
  private static final String VOWELS = "aeiou";

  static UnlearningCorpus write(Path directory, long seed, int entities, int targetEntities, int documents)
      throws IOException {
    GFactsGenerator generator = new GFactsGenerator(seed, entities);
    List<Fact> facts = generator.facts();
    int targetFacts = targetEntities * Fact.Attribute.values().length;
    List<Fact> targets = facts.subList(0, targetFacts);
    List<Fact> retained = facts.subList(targetFacts, facts.size());

    StringBuilder training = new StringBuilder();
    StringBuilder control = new StringBuilder();
    StringBuilder forget = new StringBuilder();
    for (long index = 0; index < documents; index++) {
      String document = generator.document(index);
      training.append(document);
      control.append(without(document, targets));
      if (targets.stream().anyMatch(fact -> document.contains(fact.sentence()))) {
        forget.append(without(document, retained));
      }
    }
    GTextGenerator text = new GTextGenerator(seed);
    List<String> general = new ArrayList<>();
    for (long index = documents; index < documents + GENERAL_TEXTS; index++) {
      general.add(text.document(index).strip());
    }
    String name = "seed" + seed + "-" + entities + "x" + targetEntities + "-" + documents;
    Files.createDirectories(directory);
    return new UnlearningCorpus(targets, retained, anchors(facts, targets, seed),
        write(directory.resolve("training-" + name + ".txt"), training),
        write(directory.resolve("control-" + name + ".txt"), control),
        write(directory.resolve("forget-" + name + ".txt"), forget), general);
  }

  /** The document with each of {@code facts}' sentences taken out. */
  static String without(String document, List<Fact> facts) {
    String kept = document;
    for (Fact fact : facts) {
      kept = kept.replace(fact.sentence() + " ", "").replace(" " + fact.sentence(), "").replace(fact.sentence(), "");
    }
    return kept;
  }

  /** A fresh consonant-vowel name of each target's length, none an entity's name; fixed by the seed. */
  private static Map<String, String> anchors(List<Fact> facts, List<Fact> targets, long seed) {
    Set<String> taken = new HashSet<>();
    facts.forEach(fact -> taken.add(fact.entity()));
    Random random = new Random(seed);
    Map<String, String> anchors = new LinkedHashMap<>();
    for (Fact target : targets) {
      if (anchors.containsKey(target.entity())) {
        continue;
      }
      String generic;
      do {
        StringBuilder letters = new StringBuilder();
        for (int i = 0; i < target.entity().length(); i++) {
          String pool = i % 2 == 0 ? LETTERS : VOWELS;
          letters.append(pool.charAt(random.nextInt(pool.length())));
        }
        generic = Character.toUpperCase(letters.charAt(0)) + letters.substring(1);
      } while (!taken.add(generic));
      anchors.put(target.entity(), generic);
    }
    return anchors;
  }

  private static Path write(Path file, StringBuilder text) throws IOException {
    if (!Files.exists(file)) {
      Files.write(file, text.toString().getBytes(StandardCharsets.UTF_8));
    }
    return file;
  }
}
