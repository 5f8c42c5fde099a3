package dev.pedigree.workers.engine.data;

import dev.pedigree.workflows.spec.DataSpec;
import dev.pedigree.workflows.spec.DomainSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/** A corpus split by document: every tenth document (indices 9, 19, …) is held out for validation. */
public record Corpus(List<String> train, List<String> validation) {
  public static final int VALIDATION_EVERY = DomainSpec.VALIDATION_EVERY;

  public static Corpus generate(DataSpec data) {
    return generate(Generators.of(data), data.documents());
  }

  /** The domain's generated documents, or every document of its files, less what {@code trainDocuments} leaves out. */
  public static Corpus of(DomainSpec domain) {
    Corpus corpus;
    if (domain.fromFiles()) {
      List<String> documents = new ArrayList<>();
      FileDocuments.forEach(domain.files().stream().map(Path::of).toList(), documents::add);
      corpus = split(documents.size(), documents::get);
    } else {
      corpus = generate(Generators.of(domain), domain.documents());
    }
    return domain.trainDocuments() == null ? corpus : corpus.keepingTrain(domain.trainDocuments());
  }

  /** This corpus with only its first {@code count} training documents (all of them if it has fewer). */
  Corpus keepingTrain(int count) {
    return new Corpus(train.subList(0, Math.min(count, train.size())), validation);
  }

  private static Corpus generate(DocumentGenerator generator, int documents) {
    return split(documents, generator::document);
  }

  private static Corpus split(int documents, IntFunction<String> document) {
    List<String> train = new ArrayList<>();
    List<String> validation = new ArrayList<>();
    for (int index = 0; index < documents; index++) {
      (isValidation(index) ? validation : train).add(document.apply(index));
    }
    return new Corpus(List.copyOf(train), List.copyOf(validation));
  }

  public static boolean isValidation(long documentIndex) {
    return documentIndex % VALIDATION_EVERY == VALIDATION_EVERY - 1;
  }
}
