package dev.pedigree.workers.engine.data;

import dev.pedigree.workflows.spec.DataSpec;
import java.util.ArrayList;
import java.util.List;

/** A generated corpus split by document: every tenth document (indices 9, 19, …) is held out for validation. */
public record Corpus(List<String> train, List<String> validation) {
  public static final int VALIDATION_EVERY = 10;

  public static Corpus generate(DataSpec data) {
    DocumentGenerator generator = Generators.of(data.generator(), data.seed());
    List<String> train = new ArrayList<>();
    List<String> validation = new ArrayList<>();
    for (int index = 0; index < data.documents(); index++) {
      (isValidation(index) ? validation : train).add(generator.document(index));
    }
    return new Corpus(List.copyOf(train), List.copyOf(validation));
  }

  public static boolean isValidation(long documentIndex) {
    return documentIndex % VALIDATION_EVERY == VALIDATION_EVERY - 1;
  }
}
