package dev.pedigree.workers.engine.data;

import dev.pedigree.workers.engine.tokenizer.BpeTrainer;
import dev.pedigree.workers.engine.tokenizer.ByteTokenizer;
import dev.pedigree.workers.engine.tokenizer.Tokenizer;
import dev.pedigree.workers.engine.tokenizer.TokenizerFile;
import dev.pedigree.workers.engine.tokenizer.TokenizerJson;
import dev.pedigree.workflows.spec.DataSpec;
import dev.pedigree.workflows.spec.DomainSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a run trains on: the tokenizer and both splits as windows of {@code contextLength + 1} tokens. A multi-domain
 * corpus also keeps each domain's splits apart (its train and validation are then all domains' documents together),
 * and the target set, which is never trained on.
 *
 * @param tokenizerFile the saved {@code tokenizer.json} of a BPE tokenizer (an artifact); empty for bytes
 * @param domains the domains in spec order; empty for a single-source corpus
 */
public record Dataset(
    Tokenizer tokenizer,
    TokenWindows train,
    TokenWindows validation,
    Optional<TokenizerFile> tokenizerFile,
    List<Domain> domains,
    Optional<Domain> target) {

  /** A single-source dataset. */
  public Dataset(
      Tokenizer tokenizer, TokenWindows train, TokenWindows validation, Optional<TokenizerFile> tokenizerFile) {
    this(tokenizer, train, validation, tokenizerFile, List.of(), Optional.empty());
  }

  /**
   * Generates the corpus, or packs the files into shards (reusing shards already packed from the same files); a BPE
   * tokenizer is trained on the training split and saved as {@code tokenizer.json} in {@code workDir} (generated data
   * and domains) or beside the shards (files).
   */
  public static Dataset prepare(DataSpec data, int contextLength, Path workDir) {
    if (data.fromFiles()) {
      return PackedShards.prepare(data, contextLength, workDir).withTarget(data, contextLength);
    }
    List<Corpus> corpora = data.mixesDomains()
        ? data.domains().stream().map(Corpus::of).toList()
        : List.of(Corpus.generate(data));
    List<String> train = new ArrayList<>();
    List<String> validation = new ArrayList<>();
    corpora.forEach(corpus -> {
      train.addAll(corpus.train());
      validation.addAll(corpus.validation());
    });
    Tokenizer tokenizer = ByteTokenizer.INSTANCE;
    Optional<TokenizerFile> file = Optional.empty();
    if (data.tokenizer().equals("bpe")) {
      BpeTrainer trainer = new BpeTrainer();
      train.forEach(trainer::add);
      tokenizer = trainer.train(data.vocabSize());
      file = Optional.of(TokenizerJson.save(tokenizer, workDir.resolve(TokenizerJson.FILE_NAME)));
    }
    List<Domain> domains = new ArrayList<>();
    for (int i = 0; i < data.domains().size(); i++) {
      domains.add(domain(data.domains().get(i), corpora.get(i), tokenizer, contextLength));
    }
    return new Dataset(tokenizer, windows(train, tokenizer, contextLength), windows(validation, tokenizer, contextLength),
        file, List.copyOf(domains), Optional.empty()).withTarget(data, contextLength);
  }

  private Dataset withTarget(DataSpec data, int contextLength) {
    Optional<Domain> targetSet = Optional.ofNullable(data.target())
        .map(spec -> domain(spec, Corpus.of(spec), tokenizer, contextLength));
    return new Dataset(tokenizer, train, validation, tokenizerFile, domains, targetSet);
  }

  private static Domain domain(DomainSpec spec, Corpus corpus, Tokenizer tokenizer, int contextLength) {
    return new Domain(spec.name(), spec.weight(), windows(corpus.train(), tokenizer, contextLength),
        windows(corpus.validation(), tokenizer, contextLength));
  }

  private static TokenWindows windows(List<String> documents, Tokenizer tokenizer, int contextLength) {
    return new TokenWindows(ArrayTokens.encode(documents, tokenizer), tokenizer, contextLength);
  }
}
