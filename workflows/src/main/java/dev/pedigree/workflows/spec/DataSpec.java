package dev.pedigree.workflows.spec;

import java.util.List;
import java.util.Set;

/**
 * Training data: a deterministic synthetic generator (METHODS.md §3) or local text files, and the tokenizer. Every
 * tenth document is held out for validation.
 *
 * @param generator one of {@link #GENERATORS}; omitted when {@code files} are given, and exclusive with them
 * @param documents how many documents the generator produces
 * @param tokenizer {@code byte} (256 ids) or {@code bpe} (byte-level BPE trained on the training split)
 * @param vocabSize the BPE vocabulary size, bytes and merges together; ignored for {@code byte}
 * @param files local {@code .txt} (a document per line) or {@code .jsonl} (field {@code text}) files, in order
 * @param cacheDir where tokenized shards of {@code files} are kept for reuse; the run's work dir when omitted
 */
public record DataSpec(
    String generator,
    Integer documents,
    Long seed,
    String tokenizer,
    Integer vocabSize,
    List<String> files,
    String cacheDir) {
  public static final Set<String> GENERATORS = Set.of("g-text", "g-arith", "g-seq", "g-dup", "g-noise", "g-facts");
  public static final Set<String> TOKENIZERS = Set.of("byte", "bpe");
  public static final int MAX_FILES = 10_000;

  public DataSpec {
    files = files == null ? List.of() : List.copyOf(files);
    generator = generator == null && files.isEmpty() ? "g-text" : generator;
    documents = documents == null ? 4000 : documents;
    seed = seed == null ? 7L : seed;
    tokenizer = tokenizer == null ? "byte" : tokenizer;
    vocabSize = vocabSize == null ? 512 : vocabSize;
  }

  /** A generated corpus with byte tokens. */
  public DataSpec(String generator, Integer documents, Long seed) {
    this(generator, documents, seed, null, null, null, null);
  }

  public static DataSpec defaults() {
    return new DataSpec(null, null, null);
  }

  public boolean fromFiles() {
    return !files.isEmpty();
  }

  void check(SpecChecks checks, String at) {
    if (fromFiles()) {
      checks.require(generator == null, at + ".generator", "must be omitted when files are given");
      checks.range(at + ".files", files.size(), 1, MAX_FILES);
      for (int i = 0; i < files.size(); i++) {
        String file = files.get(i);
        checks.require(file != null && (file.endsWith(".txt") || file.endsWith(".jsonl")), at + ".files[" + i + "]",
            "must be a path ending in .txt or .jsonl");
      }
    } else {
      checks.require(GENERATORS.contains(generator), at + ".generator", "must be one of " + GENERATORS);
      checks.require(cacheDir == null, at + ".cacheDir", "applies to files only");
    }
    checks.range(at + ".documents", documents, 10, 10_000_000);
    checks.require(TOKENIZERS.contains(tokenizer), at + ".tokenizer", "must be one of " + TOKENIZERS);
    checks.range(at + ".vocabSize", vocabSize, 257, 262_144);
    checks.require(cacheDir == null || !cacheDir.isBlank(), at + ".cacheDir", "must not be blank");
  }
}
