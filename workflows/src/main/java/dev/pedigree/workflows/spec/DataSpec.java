package dev.pedigree.workflows.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Set;

/**
 * Training data: a deterministic synthetic generator (METHODS.md §3), local text files, or several of them as domains
 * of a mixture, and the tokenizer. Every tenth document is held out for validation.
 *
 * @param generator one of {@link #GENERATORS}; omitted when {@code files} or {@code domains} are given
 * @param documents how many documents the generator produces
 * @param tokenizer {@code byte} (256 ids) or {@code bpe} (byte-level BPE trained on the training split)
 * @param vocabSize the BPE vocabulary size, bytes and merges together; ignored for {@code byte}
 * @param files local {@code .txt} (a document per line) or {@code .jsonl} (field {@code text}) files, in order
 * @param cacheDir where tokenized shards of {@code files} are kept for reuse; the run's work dir when omitted
 * @param domains two or more sources mixed by their weights, instead of {@code generator} or {@code files}
 * @param target a set the model is not trained on: its training split steers online mixing (DGA), its validation
 *     split is evaluated as {@code val/target/loss}
 * @param markov the chain {@code g-markov} samples; its defaults when omitted, an error with another generator
 */
public record DataSpec(
    String generator,
    Integer documents,
    Long seed,
    String tokenizer,
    Integer vocabSize,
    List<String> files,
    String cacheDir,
    List<DomainSpec> domains,
    DomainSpec target,
    @JsonInclude(JsonInclude.Include.NON_NULL) MarkovSpec markov) {
  public static final String MARKOV = "g-markov";
  public static final Set<String> GENERATORS =
      Set.of("g-text", "g-arith", "g-seq", "g-dup", "g-noise", "g-facts", MARKOV);
  public static final Set<String> TOKENIZERS = Set.of("byte", "bpe");
  public static final int MAX_FILES = 10_000;

  public DataSpec {
    files = files == null ? List.of() : List.copyOf(files);
    domains = domains == null ? List.of() : List.copyOf(domains);
    generator = generator == null && files.isEmpty() && domains.isEmpty() ? "g-text" : generator;
    documents = documents == null ? 4000 : documents;
    seed = seed == null ? 7L : seed;
    tokenizer = tokenizer == null ? "byte" : tokenizer;
    vocabSize = vocabSize == null ? 512 : vocabSize;
    markov = markov == null && MARKOV.equals(generator) ? MarkovSpec.defaults() : markov;
  }

  /** {@code documents} of the Markov source {@code markov} from {@code seed}, read with {@code tokenizer}. */
  public static DataSpec markov(MarkovSpec markov, int documents, long seed, String tokenizer, Integer vocabSize) {
    return new DataSpec(MARKOV, documents, seed, tokenizer, vocabSize, null, null, null, null, markov);
  }

  /** A single-source corpus. */
  public DataSpec(
      String generator,
      Integer documents,
      Long seed,
      String tokenizer,
      Integer vocabSize,
      List<String> files,
      String cacheDir) {
    this(generator, documents, seed, tokenizer, vocabSize, files, cacheDir, null, null, null);
  }

  /** Generated domains mixed by weight, with byte tokens. */
  public static DataSpec mixture(List<DomainSpec> domains, DomainSpec target) {
    return new DataSpec(null, null, null, null, null, null, null, domains, target, null);
  }

  /** A generated corpus with byte tokens. */
  public DataSpec(String generator, Integer documents, Long seed) {
    this(generator, documents, seed, null, null, null, null, null, null, null);
  }

  public static DataSpec defaults() {
    return new DataSpec(null, null, null);
  }

  public boolean fromFiles() {
    return !files.isEmpty();
  }

  public boolean mixesDomains() {
    return !domains.isEmpty();
  }

  void check(SpecChecks checks, String at) {
    if (mixesDomains()) {
      checks.require(generator == null, at + ".generator", "must be omitted when domains are given");
      checks.require(files.isEmpty(), at + ".files", "must be omitted when domains are given");
      checks.require(cacheDir == null, at + ".cacheDir", "applies to files only");
      DomainSpec.checkAll(checks, at + ".domains", domains);
    } else if (fromFiles()) {
      checks.require(generator == null, at + ".generator", "must be omitted when files are given");
      checks.range(at + ".files", files.size(), 1, MAX_FILES);
      for (int i = 0; i < files.size(); i++) {
        String file = files.get(i);
        checks.require(file != null && (file.endsWith(".txt") || file.endsWith(".jsonl")), at + ".files[" + i + "]",
            "must be a path ending in .txt or .jsonl");
      }
    } else {
      checks.oneOf(at + ".generator", generator, GENERATORS);
      checks.require(cacheDir == null, at + ".cacheDir", "applies to files only");
    }
    checks.range(at + ".documents", documents, 10, 10_000_000);
    checks.oneOf(at + ".tokenizer", tokenizer, TOKENIZERS);
    checks.range(at + ".vocabSize", vocabSize, 257, 262_144);
    checks.require(cacheDir == null || !cacheDir.isBlank(), at + ".cacheDir", "must not be blank");
    if (markov != null) {
      checks.require(MARKOV.equals(generator), at + ".markov", "applies to g-markov only");
      markov.check(checks, at + ".markov");
    }
    if (target != null) {
      target.check(checks, at + ".target");
      checks.require(domains.stream().noneMatch(domain -> domain.name() != null && domain.name().equals(target.name())),
          at + ".target.name", "must differ from the domains' names");
    }
  }
}
