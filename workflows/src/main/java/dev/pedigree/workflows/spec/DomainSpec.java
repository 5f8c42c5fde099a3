package dev.pedigree.workflows.spec;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One source of a multi-domain corpus: a generator with its own seed, size and options, or local files. Every tenth
 * document is held out for validation, as in a single-source corpus.
 *
 * @param name the domain's name in metric keys ({@code selection/weight/<name>}); lower case, digits, {@code -} and
 *     {@code _}
 * @param weight its share of the mixture before normalization (the starting point of an online mixer); ignored for the
 *     target set
 * @param documents how many documents the generator produces; files give all their documents
 * @param operations the problems a task generator writes: {@code add}, {@code subtract}, {@code multiply} for
 *     {@code g-arith}; {@code copy}, {@code reverse}, {@code sort} for {@code g-seq}; all of them when omitted
 * @param carryHeavyShare the share of carry-heavy {@code g-arith} problems, 0.25 when omitted
 * @param poolSize how many distinct G-text documents {@code g-dup} repeats, 200 when omitted
 * @param trainDocuments keeps only the first this many training documents (a smaller domain or target set with the
 *     same held-out documents); all of them when omitted, and all of a file source's if it has fewer
 */
public record DomainSpec(
    String name,
    Double weight,
    String generator,
    Integer documents,
    Long seed,
    List<String> operations,
    Double carryHeavyShare,
    Integer poolSize,
    List<String> files,
    Integer trainDocuments) {
  public static final Map<String, Set<String>> OPERATIONS = Map.of(
      "g-arith", Set.of("add", "subtract", "multiply"),
      "g-seq", Set.of("copy", "reverse", "sort"));
  /** Every tenth document (indices 9, 19, …) is held out. */
  public static final int VALIDATION_EVERY = 10;
  private static final Pattern NAME = Pattern.compile("[a-z0-9_-]{1,40}");

  public DomainSpec {
    files = files == null ? List.of() : List.copyOf(files);
    operations = operations == null ? List.of() : List.copyOf(operations);
    weight = weight == null ? 1.0 : weight;
    documents = documents == null ? 1000 : documents;
    seed = seed == null ? 7L : seed;
  }

  /** A generated domain with the generator's default options. */
  public static DomainSpec generated(String name, double weight, String generator, int documents, long seed) {
    return new DomainSpec(name, weight, generator, documents, seed, null, null, null, null, null);
  }

  /** This domain under another name and weight. */
  public DomainSpec withNameAndWeight(String newName, double newWeight) {
    return new DomainSpec(newName, newWeight, generator, documents, seed, operations, carryHeavyShare, poolSize, files,
        trainDocuments);
  }

  /** This domain keeping only its first {@code count} training documents. */
  public DomainSpec withTrainDocuments(int count) {
    return new DomainSpec(name, weight, generator, documents, seed, operations, carryHeavyShare, poolSize, files,
        count);
  }

  /** How many documents a generator puts in the training split: all but every tenth. */
  public static int trainSplit(int documents) {
    return documents - documents / VALIDATION_EVERY;
  }

  public boolean fromFiles() {
    return !files.isEmpty();
  }

  static void checkAll(SpecChecks checks, String at, List<DomainSpec> domains) {
    checks.range(at, domains.size(), 2, 64);
    Set<String> names = new HashSet<>();
    for (int i = 0; i < domains.size(); i++) {
      DomainSpec domain = domains.get(i);
      String path = at + "[" + i + "]";
      domain.check(checks, path);
      checks.require(domain.name() == null || names.add(domain.name()), path + ".name", "must be unique");
      checks.range(path + ".weight", domain.weight(), 0.0, 1e6);
    }
    checks.require(domains.stream().anyMatch(domain -> domain.weight() > 0), at,
        "needs a domain of positive weight");
  }

  void check(SpecChecks checks, String at) {
    checks.require(name != null && NAME.matcher(name).matches(), at + ".name",
        "must be 1 to 40 of a-z, 0-9, '-' and '_'");
    if (fromFiles()) {
      checks.require(generator == null, at + ".generator", "must be omitted when files are given");
      for (int i = 0; i < files.size(); i++) {
        String file = files.get(i);
        checks.require(file != null && (file.endsWith(".txt") || file.endsWith(".jsonl")), at + ".files[" + i + "]",
            "must be a path ending in .txt or .jsonl");
      }
    } else {
      checks.oneOf(at + ".generator", generator, DataSpec.GENERATORS);
    }
    checks.range(at + ".documents", documents, 10, 10_000_000);
    Set<String> allowed = OPERATIONS.getOrDefault(generator, Set.of());
    checks.require(operations.isEmpty() || !allowed.isEmpty(), at + ".operations",
        "applies to " + OPERATIONS.keySet() + " only");
    for (int i = 0; i < operations.size() && !allowed.isEmpty(); i++) {
      checks.oneOf(at + ".operations[" + i + "]", operations.get(i), allowed);
    }
    if (carryHeavyShare != null) {
      checks.require("g-arith".equals(generator), at + ".carryHeavyShare", "applies to g-arith only");
      checks.range(at + ".carryHeavyShare", carryHeavyShare, 0.0, 1.0);
    }
    if (poolSize != null) {
      checks.require("g-dup".equals(generator), at + ".poolSize", "applies to g-dup only");
      checks.range(at + ".poolSize", poolSize, 1, 1_000_000);
    }
    if (trainDocuments != null) {
      checks.range(at + ".trainDocuments", trainDocuments, 1,
          fromFiles() ? Integer.MAX_VALUE : trainSplit(documents));
    }
  }
}
