package dev.pedigree.workers.engine.data;

import dev.pedigree.workers.engine.tokenizer.BpeTrainer;
import dev.pedigree.workers.engine.tokenizer.ByteTokenizer;
import dev.pedigree.workers.engine.tokenizer.Tokenizer;
import dev.pedigree.workers.engine.tokenizer.TokenizerFile;
import dev.pedigree.workers.engine.tokenizer.TokenizerJson;
import dev.pedigree.workflows.spec.DataSpec;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a run trains on: the tokenizer and both splits as windows of {@code contextLength + 1} tokens.
 *
 * @param tokenizerFile the saved {@code tokenizer.json} of a BPE tokenizer (an artifact); empty for bytes
 */
public record Dataset(
    Tokenizer tokenizer, TokenWindows train, TokenWindows validation, Optional<TokenizerFile> tokenizerFile) {

  /**
   * Generates the corpus, or packs the files into shards (reusing shards already packed from the same files); a BPE
   * tokenizer is trained on the training split and saved as {@code tokenizer.json} in {@code workDir} (generated data)
   * or beside the shards (files).
   */
  public static Dataset prepare(DataSpec data, int contextLength, Path workDir) {
    if (data.fromFiles()) {
      return PackedShards.prepare(data, contextLength, workDir);
    }
    Corpus corpus = Corpus.generate(data);
    Tokenizer tokenizer = ByteTokenizer.INSTANCE;
    Optional<TokenizerFile> file = Optional.empty();
    if (data.tokenizer().equals("bpe")) {
      BpeTrainer trainer = new BpeTrainer();
      corpus.train().forEach(trainer::add);
      tokenizer = trainer.train(data.vocabSize());
      file = Optional.of(TokenizerJson.save(tokenizer, workDir.resolve(TokenizerJson.FILE_NAME)));
    }
    return new Dataset(
        tokenizer,
        new TokenWindows(ArrayTokens.encode(corpus.train(), tokenizer), tokenizer, contextLength),
        new TokenWindows(ArrayTokens.encode(corpus.validation(), tokenizer), tokenizer, contextLength),
        file);
  }
}
